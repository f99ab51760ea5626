/* mamori-inspection-demo.c — the sample ward's inspections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One fiscal-year cycle per year, the last @years up to this one.  Past years are answered
 * whole, submitted and accepted; this year is answered in part by most sections, a few have
 * submitted.  Answers improve a little from year to year.  The phrases come from the
 * [inspection] group of the sample ward file; the answer codes from the standard's scales.
 * Written through the audited path, without the per-answer checks (the answers are whole by
 * construction) and without asking the registers, except this year, whose items the
 * registers contradict are left for the section to answer.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "mamori-inspection-private.h"
#include "mamori-era.h"
#include "mamori-facts.h"
#include "mamori-org.h"
#include "mamori-standard.h"

#define WARD_RESOURCE "/io/github/mamori/Mamori/core/sample/ward.ini"

typedef struct
{
  MamoriStore *store;
  GRand       *rand;
  GKeyFile    *ward;
  GHashTable  *codes;      /* "scale/meaning" → answer code */
  char       **phrases[5]; /* evidence, observation, plan, owner, reason */
} InspectionDemo;

static const char *
pick (InspectionDemo *demo,
      guint           which)
{
  char **list = demo->phrases[which];
  guint n = list ? g_strv_length (list) : 0;

  return n ? list[g_rand_int_range (demo->rand, 0, n)] : "-";
}

static gboolean
load_codes (InspectionDemo  *demo,
            GError         **error)
{
  sqlite3_stmt *stmt = mamori_store_prepare (demo->store,
    "SELECT scale, meaning, code FROM answer_options WHERE standard_id = ? ORDER BY ordinal DESC",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, mamori_standard_get_active_id (demo->store));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (demo->codes,
                         g_strdup_printf ("%s/%s", mamori_column_text (stmt, 0),
                                          mamori_column_text (stmt, 1)),
                         g_strdup (mamori_column_text (stmt, 2)));
  sqlite3_reset (stmt);
  return TRUE;
}

/* A meaning drawn for an answer; @better (0…9) moves weight to 実施 over the years. */
static const char *
draw_meaning (InspectionDemo *demo,
              int             better)
{
  int r = g_rand_int_range (demo->rand, 0, 1000);

  if (r < 760 + better * 12)
    return "complied";
  if (r < 860 + better * 6)
    return "partial";
  if (r < 930 + better * 2)
    return "not-complied";
  return "not-applicable";
}

static gboolean
answer_line (InspectionDemo   *demo,
             gint64            sheet_id,
             MamoriSheetLine  *line,
             int               year,
             int               better,
             GError          **error)
{
  const char *meaning = draw_meaning (demo, better);
  g_autofree char *key = g_strdup_printf ("%s/%s", line->scale, meaning);
  const char *code = g_hash_table_lookup (demo->codes, key);
  g_autofree char *due = NULL;
  g_autofree char *done = NULL;
  g_autofree char *evidence = NULL;
  MamoriAnswerInput in = { line->item_id };

  if (code == NULL)
    {
      g_autofree char *complied = g_strdup_printf ("%s/complied", line->scale);

      meaning = "complied";
      code = g_hash_table_lookup (demo->codes, complied);
      if (code == NULL)
        return TRUE;
    }
  in.answer = code;
  if (g_strcmp0 (meaning, "complied") == 0 || g_strcmp0 (meaning, "partial") == 0)
    {
      g_autofree char *label = mamori_fiscal_year_label (year);
      GString *text = g_string_new (pick (demo, 0));

      g_string_replace (text, "{year}", label, 0);
      evidence = g_string_free (text, FALSE);
      in.evidence = evidence;
    }
  if (g_rand_int_range (demo->rand, 0, 5) == 0)
    in.observation = pick (demo, 1);
  if (g_strcmp0 (meaning, "partial") == 0 || g_strcmp0 (meaning, "not-complied") == 0)
    {
      in.plan_action = pick (demo, 2);
      in.plan_owner = pick (demo, 3);
      due = mamori_date_to_iso (year + 1, 3, 31);
      in.plan_due = due;
      if (g_rand_boolean (demo->rand))
        {
          done = mamori_date_to_iso (year + 1, g_rand_int_range (demo->rand, 1, 4), 15);
          in.plan_done_on = done;
        }
    }
  if (g_strcmp0 (meaning, "not-applicable") == 0)
    in.reason = pick (demo, 4);
  return mamori_inspection_write_answer (demo->store, sheet_id, &in, meaning, error);
}

static gboolean
answer_sheet (InspectionDemo  *demo,
              MamoriSheet     *sheet,
              int              year,
              int              better,
              gboolean         current,
              GError         **error)
{
  g_autoptr(GPtrArray) lines = mamori_sheet_lines (demo->store, sheet->id, current, error);
  /* This year: some sections have not started, most are part way, a few have submitted. */
  int progress = current ? g_rand_int_range (demo->rand, -30, 130) : 100;
  gboolean whole = progress >= 100;

  if (lines == NULL)
    return FALSE;
  for (guint i = 0; i < lines->len; i++)
    {
      MamoriSheetLine *line = g_ptr_array_index (lines, i);

      if (current && (i * 100 >= (guint)MAX (progress, 0) * lines->len ||
                      line->findings->len > 0))
        {
          whole = FALSE;
          continue;
        }
      if (!answer_line (demo, sheet->id, line, year, better, error))
        return FALSE;
    }
  if (!whole)
    return TRUE;
  return mamori_inspection_freeze (demo->store, sheet->id, !current, error);
}

/**
 * mamori_inspection_demo_build:
 * @years: how many fiscal years of inspections, up to this one (0: none)
 *
 * Call inside the sample ward's transaction, after its sections and inventory.
 */
gboolean
mamori_inspection_demo_build (MamoriStore  *store,
                              GRand        *rand,
                              guint         years,
                              GError      **error)
{
  static const char *keys[] = { "evidence", "observation", "plan", "owner", "reason" };
  g_autoptr(GBytes) bytes = NULL;
  InspectionDemo demo = { store, rand };
  int fy = mamori_fiscal_year_current ();
  gboolean ok = TRUE;

  if (years == 0)
    return TRUE;
  bytes = g_resources_lookup_data (WARD_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;
  demo.ward = g_key_file_new ();
  g_key_file_set_list_separator (demo.ward, ';');
  if (!g_key_file_load_from_bytes (demo.ward, bytes, G_KEY_FILE_NONE, error))
    {
      g_key_file_free (demo.ward);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    demo.phrases[i] = g_key_file_get_string_list (demo.ward, "inspection", keys[i], NULL, NULL);
  demo.codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ok = load_codes (&demo, error);

  for (int y = fy - (int)years + 1; ok && y <= fy; y++)
    {
      g_autofree char *label = mamori_fiscal_year_label (y);
      g_autofree char *title = g_strdup_printf (_("Information security inspection, %s"), label);
      g_autofree char *due = mamori_date_to_iso (y, 12, 25);
      g_autoptr(GPtrArray) sheets = NULL;
      gint64 cycle = 0;

      ok = mamori_org_ensure_fiscal_year (store, y, error) &&
           mamori_cycle_create (store, "fiscal-year", y, title, NULL, NULL, due, NULL, 0,
                                FALSE, &cycle, error) &&
           (sheets = mamori_sheet_list (store, cycle, error)) != NULL;
      for (guint i = 0; ok && i < sheets->len; i++)
        ok = answer_sheet (&demo, g_ptr_array_index (sheets, i), y,
                           MIN (9, y - (fy - (int)years + 1)), y == fy, error);
    }
  g_key_file_free (demo.ward);
  g_hash_table_unref (demo.codes);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_strfreev (demo.phrases[i]);
  return ok;
}
