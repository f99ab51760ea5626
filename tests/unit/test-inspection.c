/* test-inspection.c — the inspection cycle: sheets, answers, review, roll-up, audit, evaluation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A ward of two sections under the built-in standard.  総務課 holds a class Ⅰ paper asset
 * that is not kept in lockable storage, so the inventory contradicts 実施 on the item that
 * cites 第2-4-(3)-ウ.  Every refused write is checked to leave the file as it was.
 */

#include "config.h"

#include "mamori-test-utils.h"
#include "mamori-inspection-roles.h"

#include <string.h>

typedef struct
{
  char        *dir;
  MamoriStore *store;
  gint64       soumu;
  gint64       jinji;
  gint64       officer;   /* 総務課 */
  gint64       auditor;   /* 人事課 */
  gint64       cycle;
  gint64       sheet;     /* 総務課's */
  gint64       other;     /* 人事課's */
  gint64       lockable_item;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriAssetRecord) r = mamori_asset_record_new ();
  gint64 department, asset;

  f->dir = mt_tmpdir_new ();
  f->store = mt_store_new (f->dir, "t.db");
  mamori_store_set_actor (f->store, "佐藤 花子");
  g_assert_true (mamori_standard_load_default (f->store, &error));
  g_assert_true (mamori_org_add_section (f->store, "010000", "総務部", NULL, 0, &department,
                                         &error));
  g_assert_true (mamori_org_add_section (f->store, "010100", "総務課", NULL, department,
                                         &f->soumu, &error));
  g_assert_true (mamori_org_add_section (f->store, "010200", "人事課", NULL, department,
                                         &f->jinji, &error));
  g_assert_true (mamori_org_add_person (f->store, "000001", "佐藤 花子", NULL, "課長", f->soumu,
                                        &f->officer, &error));
  g_assert_true (mamori_org_add_person (f->store, "000002", "高橋 健", NULL, "係長", f->jinji,
                                        &f->auditor, &error));
  g_assert_no_error (error);

  r->code = g_strdup ("A-0001");
  r->name = g_strdup ("住民票写し請求書");
  r->kind = g_strdup ("paper");
  r->owner_section_id = f->soumu;
  r->class_code = g_strdup ("I");
  r->criteria = g_strdup ("ア");
  r->lockable = MAMORI_NO;
  r->registered_on = g_strdup ("2025-04-01");
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_asset_insert (f->store, r, &asset, &error));
  g_assert_true (mamori_store_commit (f->store, &error));
  g_assert_no_error (error);

  f->lockable_item = mt_sqlite_int (mamori_store_get_db (f->store),
    "SELECT ci.id FROM catalogue_items AS ci JOIN item_citations AS c ON c.item_id = ci.id "
    "WHERE c.ref = '第2-4-(3)-ウ' AND ci.standard_id = (SELECT id FROM standards WHERE active)");
  g_assert_cmpint (f->lockable_item, >, 0);

  g_assert_true (mamori_cycle_create (f->store, "fiscal-year", 2025, "令和7年度 情報セキュリティ点検",
                                      NULL, NULL, "2025-12-26", NULL, 0, FALSE, &f->cycle,
                                      &error));
  g_assert_no_error (error);
  f->sheet = mamori_sheet_find (f->store, f->cycle, f->soumu);
  f->other = mamori_sheet_find (f->store, f->cycle, f->jinji);
  g_assert_cmpint (f->sheet, >, 0);
  g_assert_cmpint (f->other, >, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  mt_tmpdir_free (f->dir);
}

#define ADD(path, func) MT_ADD (path, Fixture, fixture_set_up, func, fixture_tear_down)

static sqlite3 *
db_of (Fixture *f)
{
  return mamori_store_get_db (f->store);
}

static char *
fingerprint (Fixture *f)
{
  return mt_db_fingerprint (db_of (f), NULL, NULL);
}

/* The first option of the item's scale with this meaning. */
static char *
option_for (Fixture         *f,
            MamoriSheetLine *line,
            const char      *meaning)
{
  g_autoptr(GPtrArray) options = NULL;
  g_autoptr(MamoriSheet) sheet = mamori_sheet_get (f->store, f->sheet, NULL);
  g_autoptr(MamoriCycle) cycle = mamori_cycle_get (f->store, sheet->cycle_id, NULL);

  options = mamori_answer_options (f->store, cycle->standard_id, line->scale, NULL);
  g_assert_nonnull (options);
  for (guint i = 0; i < options->len; i++)
    {
      MamoriAnswerOption *o = g_ptr_array_index (options, i);

      if (g_strcmp0 (o->meaning, meaning) == 0)
        return g_strdup (o->code);
    }
  return NULL;
}

/* Answers every item of @sheet_id with @meaning (where its scale has it, else 実施), with
 * what each answer requires. */
static void
answer_all (Fixture    *f,
            gint64      sheet_id,
            const char *meaning)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = mamori_sheet_lines (f->store, sheet_id, TRUE, &error);
  gint64 saved = f->sheet;

  g_assert_no_error (error);
  f->sheet = sheet_id;
  for (guint i = 0; i < lines->len; i++)
    {
      MamoriSheetLine *l = g_ptr_array_index (lines, i);
      g_autofree char *code = option_for (f, l, meaning);
      MamoriAnswerInput in = { l->item_id };

      if (code == NULL)
        code = option_for (f, l, "complied");
      in.answer = code;
      in.evidence = "点検記録簿";
      in.reason = "該当業務なし";
      in.plan_action = "手順を整備する";
      in.plan_owner = "庶務係長";
      in.plan_due = "2026-03-31";
      in.fact_note = l->findings->len ? "目録の記載誤り。実物は施錠保管庫にある。" : NULL;
      g_assert_true (mamori_sheet_answer (f->store, sheet_id, &in, &error));
      g_assert_no_error (error);
    }
  f->sheet = saved;
}

static MamoriSheetLine *
line_of (GPtrArray *lines,
         gint64     item_id)
{
  for (guint i = 0; i < lines->len; i++)
    if (((MamoriSheetLine *)g_ptr_array_index (lines, i))->item_id == item_id)
      return g_ptr_array_index (lines, i);
  g_assert_not_reached ();
}

/* Tests ------------------------------------------------------------------------------------- */

static void
test_rate (void)
{
  /* 実施率 = 実施 ÷ (answers − 該当なし). */
  g_assert_cmpfloat_with_epsilon (mamori_rollup_rate (3, 5, 1), 0.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (mamori_rollup_rate (0, 4, 0), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (mamori_rollup_rate (7, 7, 0), 1.0, 1e-9);
  g_assert_cmpfloat (mamori_rollup_rate (0, 3, 3), <, 0);
  g_assert_cmpfloat (mamori_rollup_rate (0, 0, 0), <, 0);
}

static void
test_cycle (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sheets = mamori_sheet_list (f->store, f->cycle, &error);
  g_autoptr(GPtrArray) lines = mamori_sheet_lines (f->store, f->sheet, FALSE, &error);
  g_autofree char *before = fingerprint (f);
  g_autoptr(MamoriCycle) cycle = mamori_cycle_get (f->store, f->cycle, &error);
  gint64 applicable, adhoc = 0;
  gint64 scope[] = { f->jinji };

  g_assert_no_error (error);
  g_assert_cmpuint (sheets->len, ==, 2);
  g_assert_cmpstr (cycle->period_from, ==, "2025-04-01");
  g_assert_cmpstr (cycle->period_to, ==, "2026-03-31");
  g_assert_cmpstr (cycle->catalogue_version, ==, "SJK-CHK-1.0");

  /* The sheet holds the items of the section's respondents, from the catalogue, in order. */
  applicable = mt_sqlite_int (db_of (f),
    "SELECT count (*) FROM catalogue_items AS ci WHERE ci.standard_id = "
    "(SELECT id FROM standards WHERE active) AND EXISTS (SELECT 1 FROM item_respondents AS r "
    "JOIN standard_roles AS sr ON sr.standard_id = ci.standard_id AND sr.code = r.role_code "
    "WHERE r.item_id = ci.id AND sr.function IN ('section-officer', 'staff'))");
  g_assert_cmpint (lines->len, ==, applicable);
  g_assert_cmpint (lines->len, >, 50);
  g_assert_cmpuint (((MamoriSheet *)g_ptr_array_index (sheets, 0))->items, ==, lines->len);
  g_assert_cmpstr (((MamoriSheetLine *)g_ptr_array_index (lines, 0))->chapter_ref, ==, "第2");
  g_assert_null (((MamoriSheetLine *)g_ptr_array_index (lines, 0))->answer);

  /* One fiscal-year cycle per year; bad dates named; nothing written. */
  g_assert_false (mamori_cycle_create (f->store, "fiscal-year", 2025, "again", NULL, NULL,
                                       "2025-12-26", NULL, 0, FALSE, NULL, &error));
  g_assert_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mamori_cycle_create (f->store, "ad-hoc", 2025, "臨時点検", "2025-10-01",
                                       "2025-09-01", "2025-12-26", NULL, 0, FALSE, NULL, &error));
  g_assert_nonnull (strstr (error->message, "2025-09-01"));
  g_clear_error (&error);
  g_assert_false (mamori_cycle_create (f->store, "ad-hoc", 2025, "臨時点検", NULL, NULL,
                                       "someday", NULL, 0, FALSE, NULL, &error));
  g_assert_nonnull (strstr (error->message, "someday"));
  g_clear_error (&error);
  {
    g_autofree char *after = fingerprint (f);

    g_assert_cmpstr (after, ==, before);
  }

  /* An ad-hoc cycle with a scope of one section. */
  g_assert_true (mamori_cycle_create (f->store, "ad-hoc", 2025, "臨時点検", "2025-10-01",
                                      "2025-10-31", "2025-11-14", scope, 1, FALSE, &adhoc,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpint (mamori_sheet_find (f->store, adhoc, f->jinji), >, 0);
  g_assert_cmpint (mamori_sheet_find (f->store, adhoc, f->soumu), ==, 0);
}

static void
test_answer_rules (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = mamori_sheet_lines (f->store, f->sheet, TRUE, &error);
  MamoriSheetLine *first = g_ptr_array_index (lines, 0);
  MamoriSheetLine *locked = line_of (lines, f->lockable_item);
  MamoriAnswerInput in = { first->item_id };
  g_autofree char *before = fingerprint (f);
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) again = NULL;

  g_assert_no_error (error);

  /* 該当なし needs a reason. */
  in.answer = "na";
  g_assert_false (mamori_sheet_answer (f->store, f->sheet, &in, &error));
  g_assert_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, first->code));
  g_clear_error (&error);

  /* 未実施 needs a plan: action, owner, due date (a real one). */
  in.answer = "not-done";
  in.plan_action = "目録を整備する";
  g_assert_false (mamori_sheet_answer (f->store, f->sheet, &in, &error));
  g_clear_error (&error);
  in.plan_owner = "庶務係長";
  in.plan_due = "来年";
  g_assert_false (mamori_sheet_answer (f->store, f->sheet, &in, &error));
  g_assert_nonnull (strstr (error->message, "来年"));
  g_clear_error (&error);

  /* An answer the scale does not have. */
  in.answer = "maybe";
  g_assert_false (mamori_sheet_answer (f->store, f->sheet, &in, &error));
  g_clear_error (&error);

  /* The inventory contradicts 実施 on the lockable-storage item: shown, and refused without a
   * note. */
  g_assert_cmpuint (locked->findings->len, ==, 1);
  g_assert_cmpstr (((MamoriFinding *)g_ptr_array_index (locked->findings, 0))->source, ==,
                   "inventory");
  g_assert_cmpstr (((MamoriFinding *)g_ptr_array_index (locked->findings, 0))->record_table, ==,
                   "assets");
  g_assert_nonnull (strstr (((MamoriFinding *)g_ptr_array_index (locked->findings, 0))->record_label,
                            "A-0001"));
  g_assert_cmpuint (first->findings->len, ==, 0);
  {
    MamoriAnswerInput done = { f->lockable_item, "done" };

    g_assert_false (mamori_sheet_answer (f->store, f->sheet, &done, &error));
    g_assert_nonnull (strstr (error->message, "A-0001"));
    g_clear_error (&error);
    after = fingerprint (f);
    g_assert_cmpstr (after, ==, before);

    done.fact_note = "保管庫の施錠を確認済み。目録の更新漏れ。";
    g_assert_true (mamori_sheet_answer (f->store, f->sheet, &done, &error));
    g_assert_no_error (error);
  }

  /* A plan that is whole is taken; answering again changes the row, audited. */
  in.answer = "not-done";
  in.plan_due = "2026-01-31";
  g_assert_true (mamori_sheet_answer (f->store, f->sheet, &in, &error));
  g_assert_no_error (error);
  in.answer = "na";
  in.reason = "所管する情報資産がない";
  g_assert_true (mamori_sheet_answer (f->store, f->sheet, &in, &error));
  g_assert_no_error (error);
  again = mamori_sheet_lines (f->store, f->sheet, FALSE, &error);
  g_assert_cmpstr (line_of (again, first->item_id)->meaning, ==, "not-applicable");
  g_assert_cmpstr (line_of (again, first->item_id)->answer_label, ==, "該当なし");
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM audit_log WHERE "
                                  "tbl = 'inspection_answers'"), ==, 3);
}

static void
test_hash (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *h1 = NULL, *h2 = NULL, *h3 = NULL, *empty = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  MamoriAnswerInput in = { 0 };

  empty = mamori_sheet_content_hash (f->store, f->sheet, &error);
  answer_all (f, f->sheet, "complied");
  h1 = mamori_sheet_content_hash (f->store, f->sheet, &error);
  h2 = mamori_sheet_content_hash (f->store, f->sheet, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (h1), ==, 64);
  g_assert_cmpstr (h1, ==, h2);
  g_assert_cmpstr (h1, !=, empty);

  /* Any field changes it. */
  lines = mamori_sheet_lines (f->store, f->sheet, FALSE, &error);
  in.item_id = ((MamoriSheetLine *)g_ptr_array_index (lines, 1))->item_id;
  in.answer = "done";
  in.evidence = "点検記録簿";
  in.observation = "良好";
  g_assert_true (mamori_sheet_answer (f->store, f->sheet, &in, &error));
  h3 = mamori_sheet_content_hash (f->store, f->sheet, &error);
  g_assert_cmpstr (h3, !=, h1);

  /* Submitting freezes it under the hash; answering is refused until returned. */
  g_assert_true (mamori_sheet_submit (f->store, f->sheet, &error));
  g_assert_no_error (error);
  {
    g_autoptr(MamoriSheet) sheet = mamori_sheet_get (f->store, f->sheet, &error);
    g_autofree char *before = fingerprint (f);
    g_autofree char *after = NULL;

    g_assert_cmpstr (sheet->status, ==, "submitted");
    g_assert_cmpstr (sheet->content_hash, ==, h3);
    g_assert_cmpstr (sheet->submitted_by, ==, "佐藤 花子");
    g_assert_nonnull (sheet->submitted_at);
    in.observation = "変更";
    g_assert_false (mamori_sheet_answer (f->store, f->sheet, &in, &error));
    g_assert_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_STATE);
    g_clear_error (&error);
    after = fingerprint (f);
    g_assert_cmpstr (after, ==, before);
  }

  /* Changed behind Mamori's back: verification and acceptance fail. */
  mt_sqlite_exec (db_of (f), "UPDATE inspection_answers SET observation = '改ざん' "
                  "WHERE rowid = (SELECT min (rowid) FROM inspection_answers)");
  g_assert_false (mamori_sheet_verify (f->store, f->sheet, &error));
  g_assert_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_STATE);
  g_clear_error (&error);
  mamori_store_set_actor (f->store, "統括 責任者");
  g_assert_false (mamori_sheet_accept (f->store, f->sheet, &error));
  g_assert_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_STATE);
}

static void
test_states (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriSheet) sheet = NULL;
  g_autoptr(MamoriCheckReport) report = NULL;
  MamoriAnswerInput in = { f->lockable_item, "not-done" };

  /* Not whole: refused, naming what is missing. */
  g_assert_false (mamori_sheet_submit (f->store, f->sheet, &error));
  g_assert_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "C02-01"));
  g_clear_error (&error);
  /* Nothing to review yet. */
  g_assert_false (mamori_sheet_accept (f->store, f->sheet, &error));
  g_assert_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_STATE);
  g_clear_error (&error);

  answer_all (f, f->sheet, "complied");
  g_assert_true (mamori_sheet_submit (f->store, f->sheet, &error));
  g_assert_false (mamori_sheet_submit (f->store, f->sheet, &error));
  g_clear_error (&error);

  /* Returned: needs a reason. */
  mamori_store_set_actor (f->store, "統括 責任者");
  g_assert_false (mamori_sheet_return (f->store, f->sheet, "  ", &error));
  g_assert_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (mamori_sheet_return (f->store, f->sheet, "C02-16 の施錠保管を確認してください",
                                      &error));
  g_assert_no_error (error);
  sheet = mamori_sheet_get (f->store, f->sheet, &error);
  g_assert_cmpstr (sheet->status, ==, "returned");
  g_assert_cmpstr (sheet->return_reason, ==, "C02-16 の施錠保管を確認してください");
  g_assert_cmpstr (sheet->reviewed_by, ==, "統括 責任者");
  g_clear_pointer (&sheet, mamori_sheet_free);

  /* The section fixes and submits again; the coordinator accepts. */
  mamori_store_set_actor (f->store, "佐藤 花子");
  in.plan_action = "施錠できる保管庫へ移す";
  in.plan_owner = "庶務係長";
  in.plan_due = "2026-02-27";
  g_assert_true (mamori_sheet_answer (f->store, f->sheet, &in, &error));
  g_assert_true (mamori_sheet_submit (f->store, f->sheet, &error));
  mamori_store_set_actor (f->store, "統括 責任者");
  g_assert_true (mamori_sheet_accept (f->store, f->sheet, &error));
  g_assert_no_error (error);
  sheet = mamori_sheet_get (f->store, f->sheet, &error);
  g_assert_cmpstr (sheet->status, ==, "accepted");
  g_assert_cmpint (sheet->version, ==, 1);
  g_assert_true (mamori_sheet_verify (f->store, f->sheet, &error));
  g_clear_pointer (&sheet, mamori_sheet_free);
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM inspection_submissions"),
                   ==, 2);
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM inspection_submissions "
                                  "WHERE decision = 'returned' AND reason <> ''"), ==, 1);

  /* A change after acceptance is a new version that needs acceptance again. */
  mamori_store_set_actor (f->store, "佐藤 花子");
  in.plan_due = "2026-03-13";
  g_assert_true (mamori_sheet_answer (f->store, f->sheet, &in, &error));
  sheet = mamori_sheet_get (f->store, f->sheet, &error);
  g_assert_cmpstr (sheet->status, ==, "draft");
  g_assert_cmpint (sheet->version, ==, 2);
  g_clear_pointer (&sheet, mamori_sheet_free);
  g_assert_true (mamori_sheet_submit (f->store, f->sheet, &error));
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT max (version) FROM inspection_submissions"),
                   ==, 2);

  /* All of it in the audit log, and the file checks clean. */
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM audit_log WHERE "
                                  "tbl = 'inspection_sheets' AND action = 'update'"), ==, 6);
  report = mamori_check_run (f->store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("problem: %s", (const char *)g_ptr_array_index (report->problems, i));
  g_assert_cmpuint (report->problems->len, ==, 0);
}

static void
test_rollup (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriRollup) rollup = NULL;
  g_autoptr(MamoriRollup) next_rollup = NULL;
  g_autoptr(GPtrArray) lines = mamori_sheet_lines (f->store, f->sheet, FALSE, &error);
  g_autoptr(GPtrArray) drill = NULL;
  g_autoptr(GPtrArray) years = NULL;
  g_autoptr(GPtrArray) copied = NULL;
  MamoriRollupRow *soumu, *jinji;
  guint n = lines->len;
  gint64 next = 0;

  /* 総務課: all 実施 but one 未実施 and one 該当なし; 人事課: all 未実施. */
  answer_all (f, f->sheet, "complied");
  {
    MamoriAnswerInput a = { ((MamoriSheetLine *)g_ptr_array_index (lines, 0))->item_id,
                            "not-done" };
    MamoriAnswerInput b = { ((MamoriSheetLine *)g_ptr_array_index (lines, 1))->item_id, "na" };

    a.plan_action = "整備する";
    a.plan_owner = "庶務係長";
    a.plan_due = "2026-03-31";
    b.reason = "該当業務なし";
    g_assert_true (mamori_sheet_answer (f->store, f->sheet, &a, &error));
    g_assert_true (mamori_sheet_answer (f->store, f->sheet, &b, &error));
    g_assert_no_error (error);
  }
  answer_all (f, f->other, "not-complied");

  rollup = mamori_rollup_compute (f->store, f->cycle, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rollup->by_section->len, ==, 2);
  soumu = g_ptr_array_index (rollup->by_section, 0);
  jinji = g_ptr_array_index (rollup->by_section, 1);
  g_assert_cmpstr (soumu->label, ==, "総務課");
  g_assert_cmpuint (soumu->complied, ==, n - 2);
  g_assert_cmpuint (soumu->not_complied, ==, 1);
  g_assert_cmpuint (soumu->not_applicable, ==, 1);
  g_assert_cmpuint (soumu->unanswered, ==, 0);
  g_assert_cmpfloat_with_epsilon (soumu->rate, (double)(n - 2) / (n - 1), 1e-9);
  g_assert_cmpfloat (soumu->previous_rate, <, 0);
  /* 人事課 answered 未実施 where the scale has it: the rest (no such option) 実施. */
  g_assert_cmpuint (jinji->complied + jinji->not_complied, ==, n);
  g_assert_cmpfloat_with_epsilon (jinji->rate, (double)jinji->complied / n, 1e-9);
  g_assert_cmpfloat_with_epsilon (rollup->total.rate,
                                  (double)(soumu->complied + jinji->complied) / (2 * n - 1), 1e-9);

  /* By chapter: the counts add up to the same, chapters in the catalogue's order. */
  {
    guint complied = 0, answers = 0;

    g_assert_cmpstr (((MamoriRollupRow *)g_ptr_array_index (rollup->by_chapter, 0))->key, ==,
                     "第2");
    for (guint i = 0; i < rollup->by_chapter->len; i++)
      {
        MamoriRollupRow *row = g_ptr_array_index (rollup->by_chapter, i);

        complied += row->complied;
        answers += row->complied + row->partial + row->not_complied + row->not_applicable;
        g_assert_cmpuint (row->unanswered, ==, 0);
      }
    g_assert_cmpuint (complied, ==, rollup->total.complied);
    g_assert_cmpuint (answers, ==, 2 * n);
  }

  /* Drill-down to every answer. */
  drill = mamori_rollup_answers (f->store, f->cycle, f->soumu, NULL, &error);
  g_assert_cmpuint (drill->len, ==, n);
  g_clear_pointer (&drill, g_ptr_array_unref);
  drill = mamori_rollup_answers (f->store, f->cycle, 0, "第2", &error);
  g_assert_cmpuint (drill->len, ==,
                    ((MamoriRollupRow *)g_ptr_array_index (rollup->by_chapter, 0))->complied +
                    ((MamoriRollupRow *)g_ptr_array_index (rollup->by_chapter, 0))->not_complied +
                    ((MamoriRollupRow *)g_ptr_array_index (rollup->by_chapter, 0))->not_applicable +
                    ((MamoriRollupRow *)g_ptr_array_index (rollup->by_chapter, 0))->partial);

  /* Next year starts from this year's answers; comparison and follow-up. */
  g_assert_true (mamori_cycle_create (f->store, "fiscal-year", 2026, "令和8年度 点検", NULL, NULL,
                                      "2026-12-25", NULL, 0, TRUE, &next, &error));
  g_assert_no_error (error);
  copied = mamori_sheet_lines (f->store, mamori_sheet_find (f->store, next, f->soumu), FALSE,
                               &error);
  g_assert_cmpstr (((MamoriSheetLine *)g_ptr_array_index (copied, 0))->answer, ==, "not-done");
  g_assert_cmpstr (((MamoriSheetLine *)g_ptr_array_index (copied, 0))->previous_label, ==,
                   "未実施");
  g_assert_cmpstr (((MamoriSheetLine *)g_ptr_array_index (copied, 0))->previous_plan_action,
                   ==, "整備する");
  next_rollup = mamori_rollup_compute (f->store, next, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (((MamoriRollupRow *)g_ptr_array_index (next_rollup->by_section,
                                                                          0))->previous_rate,
                                  soumu->rate, 1e-9);
  g_assert_cmpfloat_with_epsilon (next_rollup->total.previous_rate, rollup->total.rate, 1e-9);
  g_assert_cmpuint (next_rollup->plans, ==, 1 + jinji->not_complied);
  g_assert_cmpuint (next_rollup->plans_done, ==, 0);

  years = mamori_rollup_years (f->store, &error);
  g_assert_cmpuint (years->len, ==, 2);
  g_assert_cmpstr (((MamoriRollupRow *)g_ptr_array_index (years, 0))->key, ==, "2025");
}

static void
test_audit_evaluation (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) proposals = NULL;
  g_autofree char *before = fingerprint (f);
  g_autofree char *after = NULL;
  gint64 finding = 0, evaluation = 0, proposal = 0;

  /* Not one's own section (第7-1). */
  g_assert_false (mamori_audit_finding_add (f->store, f->cycle, f->jinji, 0, f->auditor,
                                            "nonconformity", "記録なし", NULL, NULL, &error));
  g_assert_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "高橋 健"));
  g_clear_error (&error);
  g_assert_false (mamori_audit_finding_add (f->store, f->cycle, f->soumu, 0, f->auditor,
                                            "severe", "記録なし", NULL, NULL, &error));
  g_clear_error (&error);
  after = fingerprint (f);
  g_assert_cmpstr (after, ==, before);

  g_assert_true (mamori_audit_finding_add (f->store, f->cycle, f->soumu, f->lockable_item,
                                           f->auditor, "nonconformity",
                                           "分類Ⅰの文書が施錠されていない棚にあった。",
                                           "2025-11-05", &finding, &error));
  g_assert_no_error (error);
  findings = mamori_audit_findings (f->store, f->cycle, 0, &error);
  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_cmpstr (((MamoriAuditFinding *)g_ptr_array_index (findings, 0))->item_code, ==,
                   "C02-16");

  /* Evaluation per chapter, then a review proposal out of it. */
  g_assert_false (mamori_review_propose (f->store, 999, "", "案", NULL, &error));
  g_clear_error (&error);
  g_assert_false (mamori_evaluation_set (f->store, f->cycle, "第99", "adequate", "可", NULL,
                                         NULL, &error));
  g_clear_error (&error);
  g_assert_true (mamori_evaluation_set (f->store, f->cycle, "第2", "improvement-needed",
                                        "媒体の保管に不備がある。", "庁舎移転", &evaluation,
                                        &error));
  g_assert_no_error (error);
  chapters = mamori_evaluation_chapters (f->store, f->cycle, &error);
  g_assert_cmpstr (((MamoriChapterEvaluation *)g_ptr_array_index (chapters, 0))->rating, ==,
                   "improvement-needed");
  g_assert_cmpuint (((MamoriChapterEvaluation *)g_ptr_array_index (chapters, 0))->audit_findings,
                    ==, 1);
  g_assert_null (((MamoriChapterEvaluation *)g_ptr_array_index (chapters, 1))->rating);

  g_assert_true (mamori_review_propose (f->store, evaluation, "第2-4-(3)-ウ",
                                        "施錠保管の確認手順を対策基準の実施手順に加える。",
                                        &proposal, &error));
  g_assert_true (mamori_review_decide (f->store, proposal, "adopted", &error));
  g_assert_no_error (error);
  proposals = mamori_review_list (f->store, f->cycle, &error);
  g_assert_cmpuint (proposals->len, ==, 1);
  g_assert_cmpstr (((MamoriReviewProposal *)g_ptr_array_index (proposals, 0))->status, ==,
                   "adopted");
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM audit_log WHERE tbl IN "
                                  "('audit_findings', 'evaluations', 'review_proposals')"), ==, 4);
}

/* A register of another module plugs in with one call. */
static gboolean
fake_contracts (MamoriStore  *store,
                gint64        section_id,
                const char   *from,
                const char   *to,
                GPtrArray    *findings,
                gpointer      user_data,
                GError      **error)
{
  if (section_id == *(gint64 *)user_data)
    g_ptr_array_add (findings, mamori_finding_new ("contracts", "第6-5-(2)-ア",
                                                   "条項が明記されていない", "contracts",
                                                   "00000000-0000-4000-8000-000000000000",
                                                   "K-001 保守委託"));
  return TRUE;
}

static void
test_fact_sources (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_auto(GStrv) names = NULL;
  guint shown = 0;

  g_assert_true (mamori_finding_cited_by ("第2-4-(3)-ウ", "第2-4-(3)"));
  g_assert_true (mamori_finding_cited_by ("第2-4-(3)", "第2-4-(3)"));
  g_assert_false (mamori_finding_cited_by ("第2-4-(30)", "第2-4-(3)"));
  g_assert_false (mamori_finding_cited_by ("第2-4", "第2-4-(3)"));

  mamori_fact_source_register ("contracts", fake_contracts, &f->soumu);
  names = mamori_fact_source_names ();
  g_assert_true (g_strv_contains ((const char *const *)names, "inventory"));
  g_assert_true (g_strv_contains ((const char *const *)names, "contracts"));

  lines = mamori_sheet_lines (f->store, f->sheet, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < lines->len; i++)
    {
      MamoriSheetLine *l = g_ptr_array_index (lines, i);

      for (guint j = 0; j < l->findings->len; j++)
        if (g_strcmp0 (((MamoriFinding *)g_ptr_array_index (l->findings, j))->source,
                       "contracts") == 0)
          {
            g_assert_true (strstr (l->refs, "第6-5") != NULL);
            shown++;
          }
    }
  /* Whether the catalogue cites 第6-5-(2)-ア or a parent decides where it shows; it shows
   * on every item that cites it, and on 人事課's sheet nowhere. */
  g_assert_cmpuint (shown, >, 0);
  g_assert_cmpuint (shown, ==, mt_sqlite_int (db_of (f),
    "SELECT count (DISTINCT ci.id) FROM catalogue_items AS ci JOIN item_citations AS c "
    "ON c.item_id = ci.id WHERE ci.standard_id = (SELECT id FROM standards WHERE active) "
    "AND ('第6-5-(2)-ア' = c.ref OR '第6-5-(2)-ア' LIKE c.ref || '-%') AND EXISTS "
    "(SELECT 1 FROM item_respondents AS r JOIN standard_roles AS sr ON sr.standard_id = "
    "ci.standard_id AND sr.code = r.role_code WHERE r.item_id = ci.id "
    "AND sr.function IN ('section-officer', 'staff'))"));
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = mamori_sheet_lines (f->store, f->other, TRUE, &error);
  for (guint i = 0; i < lines->len; i++)
    g_assert_cmpuint (((MamoriSheetLine *)g_ptr_array_index (lines, i))->findings->len, ==, 0);

  /* The registry outlives this fixture, whose section the fake holds: put the real one back. */
  mamori_fact_source_register ("contracts", mamori_facts_contracts, NULL);
}

/* Who may do what: with a person acting on the store, every step of the cycle is refused to
 * one without the role, naming the role the standard gives it, and nothing is written; the
 * one with the role may. */
static void
assert_refused (Fixture    *f,
                gboolean    ok,
                GError     *error,
                const char *role,
                const char *before)
{
  g_autofree char *after = fingerprint (f);

  g_assert_false (ok);
  g_assert_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, role));
  g_assert_cmpstr (before, ==, after);
}

static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *before = NULL;
  g_autofree char *code = NULL;
  gint64 coordinator, chief, staff, evaluation = 0, proposal = 0;
  MamoriAnswerInput in = { 0 };
  gboolean ok;

  g_assert_true (mamori_org_add_person (f->store, "000003", "伊藤 誠", NULL, "部長", 0,
                                        &coordinator, &error));
  g_assert_true (mamori_org_add_person (f->store, "000004", "渡辺 学", NULL, "副区長", 0,
                                        &chief, &error));
  g_assert_true (mamori_org_add_person (f->store, "000005", "小林 翼", NULL, "主事", f->soumu,
                                        &staff, &error));
  g_assert_true (mamori_org_assign_role (f->store, f->officer, "section-officer", f->soumu,
                                         &error));
  g_assert_true (mamori_org_assign_role (f->store, coordinator, "coordinator", 0, &error));
  g_assert_true (mamori_org_assign_role (f->store, chief, "chief", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mamori_inspection_find_person (f->store, "佐藤 花子"), ==, f->officer);
  g_assert_cmpint (mamori_inspection_find_person (f->store, "誰でもない"), ==, 0);

  /* Answering and submitting: the section's 情報セキュリティ責任者 only. */
  lines = mamori_sheet_lines (f->store, f->sheet, FALSE, &error);
  code = option_for (f, g_ptr_array_index (lines, 0), "complied");
  in.item_id = ((MamoriSheetLine *)g_ptr_array_index (lines, 0))->item_id;
  in.answer = code;
  in.evidence = "点検記録簿";
  before = fingerprint (f);
  mamori_inspection_set_person (f->store, staff);
  ok = mamori_sheet_answer (f->store, f->sheet, &in, &error);
  assert_refused (f, ok, error, "情報セキュリティ責任者", before);
  g_assert_nonnull (strstr (error->message, "総務課"));
  g_clear_error (&error);
  mamori_inspection_set_person (f->store, f->officer);
  ok = mamori_sheet_answer (f->store, f->other, &in, &error);
  assert_refused (f, ok, error, "人事課", before);
  g_clear_error (&error);

  mamori_inspection_set_person (f->store, 0);
  answer_all (f, f->sheet, "complied");
  g_free (before);
  before = fingerprint (f);
  mamori_inspection_set_person (f->store, coordinator);
  ok = mamori_sheet_submit (f->store, f->sheet, &error);
  assert_refused (f, ok, error, "情報セキュリティ責任者", before);
  g_clear_error (&error);
  mamori_inspection_set_person (f->store, f->officer);
  g_assert_true (mamori_sheet_submit (f->store, f->sheet, &error));
  g_assert_no_error (error);

  /* Returning and accepting: the coordinator or the network administrator. */
  g_free (before);
  before = fingerprint (f);
  ok = mamori_sheet_accept (f->store, f->sheet, &error);
  assert_refused (f, ok, error, "統括情報セキュリティ責任者", before);
  g_assert_nonnull (strstr (error->message, "ネットワーク管理者"));
  g_clear_error (&error);
  ok = mamori_sheet_return (f->store, f->sheet, "記載漏れ", &error);
  assert_refused (f, ok, error, "統括情報セキュリティ責任者", before);
  g_clear_error (&error);
  mamori_inspection_set_person (f->store, coordinator);
  g_assert_true (mamori_sheet_accept (f->store, f->sheet, &error));
  g_assert_no_error (error);

  /* Auditing: anyone but a member of the audited section. */
  g_free (before);
  before = fingerprint (f);
  mamori_inspection_set_person (f->store, staff);
  ok = mamori_audit_finding_add (f->store, f->cycle, f->soumu, 0, f->auditor, "observation",
                                 "記録簿の様式が古い", NULL, NULL, &error);
  assert_refused (f, ok, error, "小林 翼", before);
  g_clear_error (&error);
  mamori_inspection_set_person (f->store, f->auditor);
  g_assert_true (mamori_audit_finding_add (f->store, f->cycle, f->soumu, 0, f->auditor,
                                           "observation", "記録簿の様式が古い", NULL, NULL,
                                           &error));
  g_assert_no_error (error);

  /* Evaluating, proposing and deciding the review: the 情報化統括管理者. */
  g_free (before);
  before = fingerprint (f);
  mamori_inspection_set_person (f->store, coordinator);
  ok = mamori_evaluation_set (f->store, f->cycle, ((MamoriSheetLine *)g_ptr_array_index (lines, 0))->chapter_ref,
                              "adequate", "概ね適切", "", &evaluation, &error);
  assert_refused (f, ok, error, "情報化統括管理者", before);
  g_clear_error (&error);
  mamori_inspection_set_person (f->store, chief);
  g_assert_true (mamori_evaluation_set (f->store, f->cycle,
                                        ((MamoriSheetLine *)g_ptr_array_index (lines, 0))->chapter_ref,
                                        "adequate", "概ね適切", "", &evaluation, &error));
  g_assert_no_error (error);
  g_free (before);
  before = fingerprint (f);
  mamori_inspection_set_person (f->store, coordinator);
  ok = mamori_review_propose (f->store, evaluation, "", "様式を改める", NULL, &error);
  assert_refused (f, ok, error, "情報化統括管理者", before);
  g_clear_error (&error);
  mamori_inspection_set_person (f->store, chief);
  g_assert_true (mamori_review_propose (f->store, evaluation, "", "様式を改める", &proposal,
                                        &error));
  g_free (before);
  before = fingerprint (f);
  mamori_inspection_set_person (f->store, f->officer);
  ok = mamori_review_decide (f->store, proposal, "adopted", &error);
  assert_refused (f, ok, error, "情報化統括管理者", before);
  g_clear_error (&error);
  mamori_inspection_set_person (f->store, chief);
  g_assert_true (mamori_review_decide (f->store, proposal, "adopted", &error));
  g_assert_no_error (error);

  /* Someone not in the register may do nothing. */
  mamori_inspection_set_person (f->store, 999999);
  g_assert_false (mamori_review_decide (f->store, proposal, "rejected", &error));
  g_assert_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);

  mt_add_func ("/inspection/rate", test_rate);
  ADD ("/inspection/cycle", test_cycle);
  ADD ("/inspection/answer-rules", test_answer_rules);
  ADD ("/inspection/hash", test_hash);
  ADD ("/inspection/states", test_states);
  ADD ("/inspection/rollup", test_rollup);
  ADD ("/inspection/audit-evaluation", test_audit_evaluation);
  ADD ("/inspection/fact-sources", test_fact_sources);
  ADD ("/inspection/roles", test_roles);
  return g_test_run ();
}
