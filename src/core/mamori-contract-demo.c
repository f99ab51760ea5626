/* mamori-contract-demo.c — the sample ward's contracts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contracts of the sample ward, through the same audited calls a person's edits go through:
 * most concluded with every mandatory clause stated, some ended, some drafts with clauses not
 * stated or not answered yet, some ending within 90 days.  Clauses and checks come from the
 * loaded standard; the random source is the ward's, so the same seed gives the same contracts.
 */

#include "config.h"

#include "mamori-contract-demo.h"
#include "mamori-contract.h"
#include "mamori-era.h"

#include <glib/gi18n.h>
#include <time.h>

/* Fictional vendors. */
static const char *const vendors[] = {
  "株式会社みどり情報システム", "東都データサービス株式会社", "さくら電算株式会社",
  "株式会社新宿ネットワークス", "ひかり印刷株式会社", "株式会社ソフトウェア工房あおい",
  "東京行政システム株式会社", "株式会社かえでスタッフサービス", "日本事務支援株式会社",
  "株式会社つばきコンサルティング",
};

static const char *const outsourcing_works[] = {
  "システム保守業務委託", "データ入力業務委託", "帳票印刷・封入封緘業務委託",
  "ネットワーク機器保守業務委託", "ホームページ運用業務委託", "システム改修業務委託",
  "電算処理業務委託",
};

static const char *const dispatch_works[] = {
  "窓口事務補助に係る労働者派遣", "データ入力事務に係る労働者派遣", "庁内ヘルプデスク派遣",
};

typedef struct
{
  MamoriStore *store;
  GRand       *rand;
  GKeyFile    *ward;
  GArray      *sections;   /* gint64 */
  GPtrArray   *section_names;
  GStrv        surnames;
  GStrv        given_names;
  char        *top_class;
  GDate        today;
} ContractDemo;

static const char *
pick (ContractDemo       *demo,
      const char *const  *list,
      guint               n)
{
  return list[g_rand_int_range (demo->rand, 0, n)];
}

static char *
person_name (ContractDemo *demo)
{
  guint ns = g_strv_length (demo->surnames), ng = g_strv_length (demo->given_names);
  g_auto(GStrv) sur = g_strsplit (demo->surnames[g_rand_int_range (demo->rand, 0, ns)], ":", 2);
  g_auto(GStrv) given = g_strsplit (demo->given_names[g_rand_int_range (demo->rand, 0, ng)],
                                    ":", 2);

  return g_strdup_printf ("%s %s", sur[0], given[0]);
}

static char *
iso_days_from_today (ContractDemo *demo,
                     int           days)
{
  GDate date = demo->today;

  if (days >= 0)
    g_date_add_days (&date, days);
  else
    g_date_subtract_days (&date, -days);
  return mamori_date_to_iso (g_date_get_year (&date), g_date_get_month (&date),
                             g_date_get_day (&date));
}

typedef enum
{
  PLAN_CONCLUDED,
  PLAN_ENDING_SOON,
  PLAN_ENDED,
  PLAN_CHECKED,
  PLAN_DRAFT_MISSING,
  PLAN_DRAFT_UNANSWERED,
} Plan;

static Plan
plan_of (ContractDemo *demo,
         guint         index)
{
  /* The first ones show every case, whatever the count. */
  static const Plan first[] = { PLAN_CONCLUDED, PLAN_DRAFT_MISSING, PLAN_ENDING_SOON,
                                PLAN_DRAFT_UNANSWERED, PLAN_CONCLUDED, PLAN_ENDED,
                                PLAN_CHECKED, PLAN_ENDING_SOON, PLAN_DRAFT_MISSING,
                                PLAN_CONCLUDED };
  int r;

  if (index < G_N_ELEMENTS (first))
    return first[index];
  r = g_rand_int_range (demo->rand, 0, 100);
  return r < 55 ? PLAN_CONCLUDED : r < 63 ? PLAN_ENDING_SOON : r < 75 ? PLAN_ENDED
         : r < 82 ? PLAN_CHECKED : r < 92 ? PLAN_DRAFT_MISSING : PLAN_DRAFT_UNANSWERED;
}

static gboolean
answer_clauses (ContractDemo  *demo,
                gint64         id,
                Plan           plan,
                GError       **error)
{
  g_autoptr(GPtrArray) clauses = mamori_contract_list_clauses (demo->store, id, error);
  guint article = 3 + g_rand_int_range (demo->rand, 0, 4);
  guint holes = 0;

  if (clauses == NULL)
    return FALSE;
  for (guint i = 0; i < clauses->len; i++)
    {
      MamoriContractClause *c = clauses->pdata[i];
      g_autofree char *where = NULL;
      const char *answer = "stated";

      if (!c->mandatory)
        {
          int r = g_rand_int_range (demo->rand, 0, 3);
          answer = r == 0 ? NULL : r == 1 ? "stated" : "not-stated";
        }
      else if (plan == PLAN_DRAFT_MISSING && (holes == 0 || g_rand_int_range (demo->rand, 0, 6) == 0))
        {
          answer = "not-stated";
          holes++;
        }
      else if (plan == PLAN_DRAFT_UNANSWERED && i >= clauses->len / 2)
        continue;
      if (answer == NULL)
        continue;
      if (g_str_equal (answer, "stated"))
        where = g_strdup_printf ("第%u条", article++);
      if (!mamori_contract_answer (demo->store, c->id, answer, where, "", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
do_checks (ContractDemo  *demo,
           gint64         id,
           const char    *on,
           GError       **error)
{
  g_autoptr(GPtrArray) checks = mamori_contract_list_checks (demo->store, id, error);

  if (checks == NULL)
    return FALSE;
  for (guint i = 0; i < checks->len; i++)
    if (!mamori_contract_set_check (demo->store, ((MamoriContractCheck *)checks->pdata[i])->id,
                                    TRUE, on, "", error))
      return FALSE;
  return TRUE;
}

static gboolean
add_staff (ContractDemo  *demo,
           gint64         id,
           const char    *shown_on,
           GError       **error)
{
  guint n = 1 + g_rand_int_range (demo->rand, 0, 3);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = person_name (demo);
      MamoriContractWorker w = { 0 };

      w.name = name;
      w.role = i == 0 ? (char *)_("Responsible person") : (char *)"";
      w.id_shown_on = (char *)shown_on;
      /* The same name twice in one contract is one person: skip the second draw. */
      if (!mamori_contract_add_worker (demo->store, id, &w, NULL))
        continue;
    }
  return TRUE;
}

static gboolean
add_contract (ContractDemo  *demo,
              guint          index,
              GError       **error)
{
  Plan plan = plan_of (demo, index);
  gboolean dispatch = g_rand_int_range (demo->rand, 0, 5) == 0;
  guint s = g_rand_int_range (demo->rand, 0, demo->sections->len);
  int ends_in, length = 365;
  g_autofree char *number = NULL, *title = NULL, *starts_on = NULL, *ends_on = NULL;
  g_autofree char *concluded_on = NULL, *responsible = NULL;
  MamoriContract c = { 0 };
  gint64 id;

  switch (plan)
    {
    case PLAN_ENDING_SOON:
      ends_in = 5 + g_rand_int_range (demo->rand, 0, 80);
      break;
    case PLAN_ENDED:
      ends_in = -g_rand_int_range (demo->rand, 1, 400);
      break;
    case PLAN_CONCLUDED:
      ends_in = 100 + g_rand_int_range (demo->rand, 0, 600);
      break;
    default:
      ends_in = 200 + g_rand_int_range (demo->rand, 0, 400);
      break;
    }
  number = g_strdup_printf ("%s-%05u", dispatch ? "派" : "委", index + 1);
  title = g_strdup_printf ("%s %s", (char *)demo->section_names->pdata[s],
                           dispatch ? pick (demo, dispatch_works, G_N_ELEMENTS (dispatch_works))
                                    : pick (demo, outsourcing_works,
                                            G_N_ELEMENTS (outsourcing_works)));
  ends_on = iso_days_from_today (demo, ends_in);
  starts_on = iso_days_from_today (demo, ends_in - length);
  concluded_on = iso_days_from_today (demo, ends_in - length - 10);
  responsible = person_name (demo);

  c.number = number;
  c.title = title;
  c.vendor = (char *)pick (demo, (const char *const *)vendors, G_N_ELEMENTS (vendors));
  c.section_id = g_array_index (demo->sections, gint64, s);
  c.kind = (char *)(dispatch ? "dispatch" : "outsourcing");
  c.starts_on = starts_on;
  c.ends_on = ends_on;
  c.class_code = g_rand_int_range (demo->rand, 0, 2) ? demo->top_class : (char *)"";
  c.subcontracting = !dispatch && g_rand_int_range (demo->rand, 0, 6) == 0;
  c.subcontractor = c.subcontracting ? (char *)pick (demo, vendors, G_N_ELEMENTS (vendors))
                                     : (char *)"";
  c.responsible = responsible;
  if (!mamori_contract_insert (demo->store, &c, &id, error) ||
      !answer_clauses (demo, id, plan, error) ||
      !add_staff (demo, id, plan == PLAN_DRAFT_MISSING ? NULL : concluded_on, error))
    return FALSE;

  switch (plan)
    {
    case PLAN_CHECKED:
      return mamori_contract_set_status (demo->store, id, "checked", NULL, error);
    case PLAN_ENDED:
      return do_checks (demo, id, concluded_on, error) &&
             mamori_contract_set_status (demo->store, id, "concluded", concluded_on, error) &&
             mamori_contract_set_status (demo->store, id, "ended", ends_on, error);
    case PLAN_CONCLUDED:
    case PLAN_ENDING_SOON:
      return do_checks (demo, id, concluded_on, error) &&
             mamori_contract_set_status (demo->store, id, "concluded", concluded_on, error);
    default:
      return TRUE;
    }
}

static gboolean
load (ContractDemo  *demo,
      GError       **error)
{
  sqlite3_stmt *stmt = mamori_store_prepare (demo->store,
    "SELECT id, name FROM sections WHERE level = 'section' AND active = 1 ORDER BY code", error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (demo->sections, id);
      g_ptr_array_add (demo->section_names, g_strdup (mamori_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  demo->top_class = mamori_store_query_text (demo->store,
    "SELECT c.code FROM classification_classes AS c JOIN standards AS s "
    "ON s.id = c.standard_id WHERE s.active = 1 ORDER BY c.rank LIMIT 1");
  if (demo->top_class == NULL)
    demo->top_class = g_strdup ("");
  return TRUE;
}

/**
 * mamori_contract_demo_build:
 * @ward: the sample ward's description (surnames, given names)
 * @rand: the ward's random source
 * @count: how many contracts
 *
 * Adds @count contracts to the sections already built, inside the caller's transaction.
 */
gboolean
mamori_contract_demo_build (MamoriStore    *store,
                            GKeyFile       *ward,
                            GRand          *rand,
                            guint           count,
                            GCancellable   *cancellable,
                            GError        **error)
{
  ContractDemo demo = { store, rand, ward };
  gboolean ok = TRUE;

  if (count == 0)
    return TRUE;
  demo.sections = g_array_new (FALSE, FALSE, sizeof (gint64));
  demo.section_names = g_ptr_array_new_with_free_func (g_free);
  demo.surnames = g_key_file_get_string_list (ward, "ward", "surnames", NULL, NULL);
  demo.given_names = g_key_file_get_string_list (ward, "ward", "given-names", NULL, NULL);
  g_date_clear (&demo.today, 1);
  g_date_set_time_t (&demo.today, time (NULL));

  ok = load (&demo, error);
  if (ok && (demo.sections->len == 0 || demo.surnames == NULL || demo.given_names == NULL))
    ok = FALSE, g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                             _("Contracts need sections and names in the sample ward."));
  for (guint i = 0; ok && i < count; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      else
        ok = add_contract (&demo, i, error);
    }

  g_array_unref (demo.sections);
  g_ptr_array_unref (demo.section_names);
  g_strfreev (demo.surnames);
  g_strfreev (demo.given_names);
  g_free (demo.top_class);
  return ok;
}
