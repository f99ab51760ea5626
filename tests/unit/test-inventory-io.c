/* test-inventory-io.c — the inventory in and out: CSV ledgers, XML, mappings, mamori-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Round trips: a sample ward with every kind of field (copies, registers, a disposal, text
 * with quotes, commas and line breaks) exported and imported into a new database with the same
 * organisation gives the same asset rows, in UTF-8 and in CP932; its XML is valid against the
 * published schema.  Hostile ledgers (tests/data/csv) are refused with the right line named and
 * the database exactly as it was.
 */

#include "config.h"

#include "mamori-test-utils.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#define N_ASSETS 300

typedef struct
{
  char        *dir;
  MamoriStore *store;
} Fixture;

static MamoriStore *
new_ward (const char *dir,
          const char *name,
          guint64     assets)
{
  g_autoptr(GError) error = NULL;
  MamoriStore *store = mt_store_new (dir, name);
  MamoriDemoOptions options;

  mamori_demo_options_init (&options);
  options.sections = 12;
  options.assets = assets;
  mamori_demo_build (store, &options, NULL, &error);
  g_assert_no_error (error);
  return store;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = mt_tmpdir_new ();
  f->store = new_ward (f->dir, "ward.db", N_ASSETS);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  mt_tmpdir_free (f->dir);
}

#define ADD(path, func) \
  MT_ADD (path, Fixture, fixture_set_up, func, fixture_tear_down)

/* Helpers ---------------------------------------------------------------------------------------- */

static char *
fingerprint (MamoriStore *store)
{
  return mt_db_fingerprint (mamori_store_get_db (store), NULL, NULL);
}

/* The asset rows, without what a CSV does not carry: the uuid, and the checks, which depend on
 * registers a ledger has no column for. */
static char *
assets_fingerprint (MamoriStore *store)
{
  static const char *const tables[] = { "assets", NULL };
  static const char *const exclude[] = { "uuid", "rule_flags", NULL };

  return mt_db_fingerprint (mamori_store_get_db (store), tables, exclude);
}

static char *
path_in (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static void
write_file (const char *path,
            const char *data,
            gssize      len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static gint64
query_int (MamoriStore *store,
           const char  *sql)
{
  return mt_sqlite_int (mamori_store_get_db (store), sql);
}

static char *
query_text (MamoriStore *store,
            const char  *sql)
{
  return mt_sqlite_text (mamori_store_get_db (store), sql);
}

static gint64
asset_id (MamoriStore *store,
          const char  *code)
{
  return mamori_asset_find_by_code (store, code);
}

static MamoriAssetRecord *
load (MamoriStore *store,
      const char  *code)
{
  g_autoptr(GError) error = NULL;
  MamoriAssetRecord *r = mamori_asset_load (store, asset_id (store, code), &error);

  g_assert_no_error (error);
  return r;
}

static void
export_to (MamoriStore           *store,
           const char            *path,
           MamoriInventoryFormat  format,
           MamoriCsvEncoding      encoding)
{
  g_autoptr(GError) error = NULL;
  MamoriInventoryExportOptions options;
  MamoriInventoryExportStats stats = { 0 };

  mamori_inventory_export_options_init (&options);
  options.encoding = encoding;
  g_assert_true (mamori_inventory_export_file (store, path, format, TRUE, &options, &stats, NULL,
                                               &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.assets, ==, query_int (store, "SELECT count (*) FROM assets"));
  mamori_inventory_export_stats_clear (&stats);
}

static MamoriInventoryImportReport *
import_full (MamoriStore                   *store,
             const char                    *path,
             gboolean                       dry_run,
             const MamoriInventoryMapping  *mapping,
             GError                       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  MamoriInventoryImportOptions options;

  mamori_inventory_import_options_init (&options);
  options.dry_run = dry_run;
  options.mapping = mapping;
  return mamori_inventory_import_csv (store, file, &options, NULL, error);
}

static MamoriInventoryImportReport *
import (MamoriStore *store,
        const char  *path,
        gboolean     dry_run)
{
  g_autoptr(GError) error = NULL;
  MamoriInventoryImportReport *report = import_full (store, path, dry_run, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  for (guint i = 0; i < report->problems->len; i++)
    {
      MamoriInventoryProblem *p = g_ptr_array_index (report->problems, i);

      g_test_message ("line %" G_GUINT64_FORMAT ", column %s: %s", p->line, p->column,
                      p->message);
    }
  return report;
}

static gboolean
has_problem (MamoriInventoryImportReport *report,
             guint64                      line,
             const char                  *column,
             const char                  *message)
{
  for (guint i = 0; i < report->problems->len; i++)
    {
      MamoriInventoryProblem *p = g_ptr_array_index (report->problems, i);

      if (p->line == line && (column == NULL || g_strcmp0 (p->column, column) == 0) &&
          strstr (p->message, message) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
run_checks (MamoriStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriCheckReport) report = mamori_check_run (store, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("check: %s", (char *)g_ptr_array_index (report->problems, i));
  return report->problems->len == 0;
}

static gint64
person (MamoriStore *store,
        guint        n)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM people ORDER BY id LIMIT 1 OFFSET %u",
                                          n);
  return query_int (store, sql);
}

/* Gives the ward every kind of field and register an export must carry. */
static void
enrich_ward (MamoriStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriAssetRecord) a = load (store, "A00000001");
  g_autoptr(MamoriAssetRecord) b = load (store, "A00000002");
  g_autoptr(MamoriAssetRecord) copy = load (store, "A00000005");
  MamoriTakeout takeout = { 0 };
  MamoriDisposal disposal = { 0 };

  g_assert_true (mamori_store_begin (store, &error));

  /* Text a CSV must quote, with line breaks of both kinds, and characters of CP932. */
  g_free (a->name);
  a->name = g_strdup ("台帳 \"原本\", 第1版");
  g_free (a->description);
  a->description = g_strdup ("一行目\r\n二行目\n三行目、～－∥￠￡￢①ⅠⅡ㈱髙﨑");
  g_free (a->cia_note);
  a->cia_note = g_strdup (" 前後に空白 ");
  a->lockable = MAMORI_NO;
  a->finalised = MAMORI_UNKNOWN;
  a->write_protected = MAMORI_YES;
  mamori_asset_update (store, a, &error);
  g_assert_no_error (error);

  /* A copy held by another section, whose original comes later in the inventory. */
  copy->original_id = asset_id (store, "A00000250");
  copy->holding_section_id = query_int (store, "SELECT id FROM sections WHERE code = '010100'");
  mamori_asset_update (store, copy, &error);
  g_assert_no_error (error);

  /* Registers: access rights, a take-out, a disposal. */
  mamori_asset_add_access (store, b->id, person (store, 0), NULL, &error);
  g_assert_no_error (error);
  mamori_asset_add_access (store, b->id, 0, "税務課 課税係の職員", &error);
  g_assert_no_error (error);
  takeout.kind = (char *)"take-out";
  takeout.purpose = (char *)"出張先での説明";
  takeout.method = (char *)"施錠ケース";
  takeout.approver_id = person (store, 1);
  takeout.approved_on = (char *)"2025-06-01";
  takeout.out_on = (char *)"2025-06-02";
  takeout.returned_on = (char *)"2025-06-03";
  mamori_asset_add_takeout (store, b->id, &takeout, &error);
  g_assert_no_error (error);
  disposal.approver_id = person (store, 2);
  disposal.approved_on = (char *)"2025-07-01";
  disposal.erasure_method = (char *)"物理破壊";
  disposal.disposed_on = (char *)"2025-07-02";
  disposal.witness_id = person (store, 3);
  mamori_asset_dispose (store, asset_id (store, "A00000003"), &disposal, &error);
  g_assert_no_error (error);

  g_assert_true (mamori_store_commit (store, &error));
}

/* Dates -------------------------------------------------------------------------------------------- */

static void
test_dates (void)
{
  static const struct { const char *text; const char *iso; } good[] = {
    { "2026-04-01", "2026-04-01" }, { "2026/4/1", "2026-04-01" }, { "2026/04/01", "2026-04-01" },
    { "2026.4.1", "2026-04-01" }, { "2026年4月1日", "2026-04-01" }, { " 2026-4-1 ", "2026-04-01" },
    { "２０２６／４／１", "2026-04-01" }, { "令和8年4月1日", "2026-04-01" },
    { "令和元年5月1日", "2019-05-01" }, { "R8.4.1", "2026-04-01" }, { "r08/04/01", "2026-04-01" },
    { "H31.4.30", "2019-04-30" }, { "平成31年4月30日", "2019-04-30" }, { "㍻元年1月8日", "1989-01-08" },
    { "S64.1.7", "1989-01-07" }, { "昭和 64 年 1 月 7 日", "1989-01-07" },
    { "令和８年１１月２５日", "2026-11-25" }, { "M6.1.1", "1873-01-01" },
  };
  static const char *const bad[] = {
    "", "2026-02-30", "2026/13/1", "26/4/1", "2026/4", "令和", "令和0年1月1日",
    "平成31年5月1日" /* that day is 令和元年5月1日 */, "令和元年4月30日", "S64.1.8", "R8.4.1x",
    "X8.4.1", "昭和元年12月24日", "M5.12.31", "2026-04-01T00:00", "明日",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *iso = NULL;

      if (!mamori_inventory_parse_date (good[i].text, &iso))
        g_error ("“%s” was not read as a date", good[i].text);
      g_assert_cmpstr (iso, ==, good[i].iso);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *iso = NULL;

      if (mamori_inventory_parse_date (bad[i], &iso))
        g_error ("“%s” was read as %s", bad[i], iso);
    }
  g_assert_false (mamori_era_parse (NULL, NULL, NULL, NULL));
  g_assert_true (mamori_era_parse ("令和元年5月1日", NULL, NULL, NULL));
}

/* Mappings ----------------------------------------------------------------------------------------- */

static void
test_mapping_json (void)
{
  g_autoptr(MamoriInventoryMapping) m = mamori_inventory_mapping_new ();
  g_autoptr(MamoriInventoryMapping) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  static const char *const invalid[] = {
    "", "[]", "{\"columns\": []}", "{\"columns\": {\"colour\": {\"column\": 1}}}",
    "{\"columns\": {\"name\": {\"column\": 0}}}", "{\"columns\": {\"name\": \"x\"}}", "{",
  };

  mamori_inventory_mapping_set_header (m, MAMORI_INVENTORY_FIELD_CODE, "管理番号 \"A\"\\");
  mamori_inventory_mapping_set_index (m, MAMORI_INVENTORY_FIELD_NAME, 2);
  mamori_inventory_mapping_set_ignored (m, MAMORI_INVENTORY_FIELD_MARKING);
  mamori_inventory_mapping_set_has_header (m, FALSE);
  json = mamori_inventory_mapping_to_json (m);
  g_test_message ("%s", json);
  back = mamori_inventory_mapping_from_json (json, &error);
  g_assert_no_error (error);
  again = mamori_inventory_mapping_to_json (back);
  g_assert_cmpstr (json, ==, again);
  g_assert_false (mamori_inventory_mapping_get_has_header (back));
  g_assert_nonnull (strstr (json, "\"name\": {\"column\": 3}"));

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(MamoriInventoryMapping) none = mamori_inventory_mapping_from_json (invalid[i], &e);

      g_assert_null (none);
      g_assert_error (e, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_MAPPING);
    }
}

static void
test_mapping_resolve (void)
{
  static const char *const headers[] = {
    "No.", "管理番号", "資産名", "分類", "所管課", "登録年月日", "備考",
  };
  g_autoptr(MamoriInventoryMapping) m = mamori_inventory_mapping_new ();
  int columns[MAMORI_INVENTORY_N_FIELDS];
  g_autoptr(GError) error = NULL;

  g_assert_true (mamori_inventory_mapping_resolve (m, headers, G_N_ELEMENTS (headers), columns,
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpint (columns[MAMORI_INVENTORY_FIELD_CODE], ==, 1);
  g_assert_cmpint (columns[MAMORI_INVENTORY_FIELD_NAME], ==, 2);
  g_assert_cmpint (columns[MAMORI_INVENTORY_FIELD_CLASS], ==, 3);
  g_assert_cmpint (columns[MAMORI_INVENTORY_FIELD_OWNER_SECTION], ==, 4);
  g_assert_cmpint (columns[MAMORI_INVENTORY_FIELD_REGISTERED_ON], ==, 5);
  g_assert_cmpint (columns[MAMORI_INVENTORY_FIELD_KIND], ==, -1);

  /* Explicit choices win, and recognition does not take their columns. */
  mamori_inventory_mapping_set_header (m, MAMORI_INVENTORY_FIELD_DESCRIPTION, "備考");
  mamori_inventory_mapping_set_index (m, MAMORI_INVENTORY_FIELD_MARKING, 0);
  mamori_inventory_mapping_set_ignored (m, MAMORI_INVENTORY_FIELD_CLASS);
  g_assert_true (mamori_inventory_mapping_resolve (m, headers, G_N_ELEMENTS (headers), columns,
                                                   &error));
  g_assert_cmpint (columns[MAMORI_INVENTORY_FIELD_DESCRIPTION], ==, 6);
  g_assert_cmpint (columns[MAMORI_INVENTORY_FIELD_MARKING], ==, 0);
  g_assert_cmpint (columns[MAMORI_INVENTORY_FIELD_CLASS], ==, -1);

  /* A column the file lacks. */
  mamori_inventory_mapping_set_header (m, MAMORI_INVENTORY_FIELD_MEDIUM, "媒体の種類");
  g_assert_false (mamori_inventory_mapping_resolve (m, headers, G_N_ELEMENTS (headers), columns,
                                                    &error));
  g_assert_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "媒体の種類"));
  g_clear_error (&error);
  mamori_inventory_mapping_set_index (m, MAMORI_INVENTORY_FIELD_MEDIUM, 7);
  g_assert_false (mamori_inventory_mapping_resolve (m, headers, G_N_ELEMENTS (headers), columns,
                                                    &error));
  g_assert_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_MAPPING);
  g_clear_error (&error);

  /* No code column at all. */
  {
    static const char *const no_code[] = { "名称", "分類" };
    g_autoptr(MamoriInventoryMapping) d = mamori_inventory_mapping_new ();

    g_assert_false (mamori_inventory_mapping_resolve (d, no_code, 2, columns, &error));
    g_assert_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_NO_CODE_COLUMN);
  }
}

static void
test_mapping_store (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MamoriInventoryMapping) m = mamori_inventory_mapping_new ();
  g_autoptr(MamoriInventoryMapping) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  sqlite3 *db = mamori_store_get_db (f->store);

  mamori_inventory_mapping_set_header (m, MAMORI_INVENTORY_FIELD_CODE, "整理番号");
  g_assert_true (mamori_inventory_mapping_save (f->store, "税務課の台帳", m, &error));
  g_assert_no_error (error);
  mamori_inventory_mapping_set_index (m, MAMORI_INVENTORY_FIELD_NAME, 4);
  g_assert_true (mamori_inventory_mapping_save (f->store, "税務課の台帳", m, &error));
  g_assert_true (mamori_inventory_mapping_save (f->store, "A 課", m, &error));
  g_assert_no_error (error);

  names = mamori_inventory_mapping_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "A 課");

  loaded = mamori_inventory_mapping_load (f->store, "税務課の台帳", &error);
  g_assert_no_error (error);
  a = mamori_inventory_mapping_to_json (m);
  b = mamori_inventory_mapping_to_json (loaded);
  g_assert_cmpstr (a, ==, b);

  /* Every change is in the audit log: two inserts, an update, a delete. */
  g_assert_true (mamori_inventory_mapping_delete (f->store, "A 課", &error));
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM audit_log WHERE tbl = "
                                      "'import_mappings'"), ==, 4);
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM audit_log WHERE tbl = "
                                      "'import_mappings' AND action = 'update'"), ==, 1);
  g_assert_true (run_checks (f->store));

  g_assert_null (mamori_inventory_mapping_load (f->store, "A 課", &error));
  g_assert_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (mamori_inventory_mapping_delete (f->store, "A 課", &error));
  g_assert_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (mamori_inventory_mapping_save (f->store, " ", m, &error));
  g_assert_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_MAPPING);
}

/* Export ------------------------------------------------------------------------------------------- */

static void
test_export_csv_layout (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = path_in (f, "inventory.csv");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *text;

  enrich_ward (f->store);
  export_to (f->store, path, MAMORI_INVENTORY_FORMAT_CSV, MAMORI_CSV_ENCODING_UTF8);
  bytes = mt_file_bytes (path);
  text = g_bytes_get_data (bytes, &len);

  /* A BOM, the Japanese header, CRLF. */
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF資産番号,名称,説明,種別,作成課等コード,"
                                         "作成課等,保有課等コード,原本資産番号,重要性分類,"
                                         "該当基準,CIA備考,媒体,保管場所,管理区域コード,"
                                         "施錠保管,確定済み,"
                                         "書込禁止,表示,バックアップ周期(日),最終バックアップ日,"
                                         "状態,登録日\r\n"));
  /* The first asset, quoted where needed; booleans はい/いいえ/empty; its kind in Japanese. */
  g_assert_nonnull (strstr (text, "\r\nA00000001,\"台帳 \"\"原本\"\", 第1版\","
                                  "\"一行目\r\n二行目\n三行目、～－∥￠￡￢①ⅠⅡ㈱髙﨑\","));
  g_assert_true (strstr (text, ",紙,") != NULL || strstr (text, ",電子データ,") != NULL);
  g_assert_nonnull (strstr (text, "\" 前後に空白 \""));
  g_assert_nonnull (strstr (text, ",いいえ,,はい,"));
  g_assert_nonnull (strstr (text, ",廃棄済み,"));
  /* The copy names its original and its holding section. */
  g_assert_nonnull (strstr (text, "\r\nA00000005,"));
  g_assert_nonnull (strstr (text, ",010100,A00000250,"));
}

/* "asset code → area code" for every asset kept in a managed area. */
static char *
kept_in_areas (MamoriStore *store)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (mamori_store_get_db (store),
                                       "SELECT a.code, r.code FROM area_assets AS x JOIN assets "
                                       "AS a ON a.id = x.asset_id JOIN areas AS r ON r.id = "
                                       "x.area_id ORDER BY a.code", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s→%s\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static void
round_trip (Fixture           *f,
            MamoriCsvEncoding  encoding,
            const char        *name)
{
  g_autofree char *path = path_in (f, name);
  g_autofree char *db_name = g_strconcat (name, ".db", NULL);
  g_autoptr(MamoriStore) copy = new_ward (f->dir, db_name, 0);
  g_autoptr(MamoriInventoryImportReport) report = NULL;
  g_autoptr(MamoriInventoryImportReport) again = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  g_autofree char *sections_a = NULL;
  g_autofree char *sections_b = NULL;
  static const char *const sections[] = { "sections", NULL };
  static const char *const no_uuid[] = { "uuid", NULL };

  enrich_ward (f->store);
  export_to (f->store, path, MAMORI_INVENTORY_FORMAT_CSV, encoding);

  /* The same organisation (same seed), no assets. */
  sections_a = mt_db_fingerprint (mamori_store_get_db (f->store), sections, no_uuid);
  sections_b = mt_db_fingerprint (mamori_store_get_db (copy), sections, no_uuid);
  g_assert_cmpstr (sections_a, ==, sections_b);

  report = import (copy, path, FALSE);
  g_assert_cmpint (report->rejected, ==, 0);
  g_assert_cmpint (report->added, ==, N_ASSETS);
  g_assert_true (report->written);
  g_assert_cmpint (report->encoding, ==, encoding);

  expected = assets_fingerprint (f->store);
  got = assets_fingerprint (copy);
  g_assert_cmpstr (got, ==, expected);
  g_assert_true (run_checks (copy));
  /* The managed areas the assets are kept in, by the areas' codes. */
  {
    g_autofree char *kept_a = kept_in_areas (f->store);
    g_autofree char *kept_b = kept_in_areas (copy);

    g_assert_cmpuint (strlen (kept_a), >, 0);
    g_assert_cmpstr (kept_b, ==, kept_a);
  }

  /* Again: nothing to change. */
  again = import (copy, path, FALSE);
  g_assert_cmpint (again->unchanged, ==, N_ASSETS);
  g_assert_cmpint (again->added + again->updated + again->rejected, ==, 0);
}

static void
test_round_trip_utf8 (Fixture       *f,
                      gconstpointer  data)
{
  round_trip (f, MAMORI_CSV_ENCODING_UTF8, "utf8.csv");
}

static void
test_round_trip_cp932 (Fixture       *f,
                       gconstpointer  data)
{
  round_trip (f, MAMORI_CSV_ENCODING_CP932, "cp932.csv");
}

/* The JIS code points a Linux input method types come back in their Windows form. */
static void
test_cp932_variants (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = path_in (f, "variants.csv");
  g_autoptr(MamoriAssetRecord) r = load (f->store, "A00000010");
  g_autoptr(MamoriInventoryImportReport) report = NULL;
  g_autoptr(MamoriAssetRecord) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (mamori_store_begin (f->store, &error));
  g_free (r->name);
  r->name = g_strdup ("10\u301C20 \u2212 \u2016 \u00A5100");
  g_assert_true (mamori_asset_update (f->store, r, &error));
  g_assert_true (mamori_store_commit (f->store, &error));

  export_to (f->store, path, MAMORI_INVENTORY_FORMAT_CSV, MAMORI_CSV_ENCODING_CP932);
  report = import (f->store, path, FALSE);
  g_assert_cmpint (report->updated, ==, 1);
  g_assert_cmpint (report->unchanged, ==, N_ASSETS - 1);
  back = load (f->store, "A00000010");
  g_assert_cmpstr (back->name, ==, "10\uFF5E20 \uFF0D \u2225 \uFFE5100");
}

static void
test_export_cp932_unmappable (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = path_in (f, "cp932.csv");
  g_autoptr(MamoriAssetRecord) r = load (f->store, "A00000007");
  g_autoptr(GError) error = NULL;
  MamoriInventoryExportOptions options;
  MamoriInventoryExportStats stats = { 0 };
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  g_assert_true (mamori_store_begin (f->store, &error));
  g_free (r->name);
  r->name = g_strdup ("𠮷野課の台帳");
  g_assert_true (mamori_asset_update (f->store, r, &error));
  g_assert_true (mamori_store_commit (f->store, &error));

  mamori_inventory_export_options_init (&options);
  options.encoding = MAMORI_CSV_ENCODING_CP932;
  g_assert_false (mamori_inventory_export_file (f->store, path, MAMORI_INVENTORY_FORMAT_CSV,
                                                FALSE, &options, &stats, NULL, &error));
  g_assert_error (error, MAMORI_CSV_ERROR, MAMORI_CSV_ERROR_UNMAPPABLE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "A00000007"));
  g_assert_nonnull (strstr (error->message, "名称"));
  g_assert_nonnull (strstr (error->message, "U+20BB7"));
  g_clear_error (&error);
  /* Nothing left behind: neither the file nor its part. */
  dir = g_dir_open (f->dir, 0, NULL);
  while ((entry = g_dir_read_name (dir)) != NULL)
    g_assert_true (g_str_has_prefix (entry, "ward.db"));

  options.substitute = TRUE;
  g_assert_true (mamori_inventory_export_file (f->store, path, MAMORI_INVENTORY_FORMAT_CSV,
                                               FALSE, &options, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.substituted, ==, 1);
  g_assert_nonnull (strstr (stats.first_substitution, "U+20BB7"));
  mamori_inventory_export_stats_clear (&stats);
}

static void
test_export_file (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = path_in (f, "out.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  write_file (path, "keep me", -1);
  g_assert_false (mamori_inventory_export_file (f->store, path, MAMORI_INVENTORY_FORMAT_CSV,
                                                FALSE, NULL, NULL, NULL, &error));
  g_assert_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_EXISTS);
  g_clear_error (&error);
  before = mt_file_bytes (path);
  g_assert_cmpmem (g_bytes_get_data (before, NULL), g_bytes_get_size (before), "keep me", 7);

  g_assert_true (mamori_inventory_export_file (f->store, path, MAMORI_INVENTORY_FORMAT_CSV,
                                               TRUE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  after = mt_file_bytes (path);
  g_assert_cmpuint (g_bytes_get_size (after), >, 1000);
  /* An inventory says where sensitive things are: for its owner only. */
  g_assert_cmpint (mt_file_mode (path), ==, 0600);

  /* A cancelled export leaves the file as it was. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GBytes) kept = NULL;

    g_cancellable_cancel (cancellable);
    g_assert_false (mamori_inventory_export_file (f->store, path, MAMORI_INVENTORY_FORMAT_XML,
                                                  TRUE, NULL, NULL, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    kept = mt_file_bytes (path);
    g_assert_true (g_bytes_equal (kept, after));
  }
}

static void
test_export_section (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = path_in (f, "section.csv");
  g_autoptr(GError) error = NULL;
  MamoriInventoryExportOptions options;
  MamoriInventoryExportStats stats = { 0 };
  gint64 section;
  gint64 expected;

  enrich_ward (f->store);
  section = query_int (f->store, "SELECT id FROM sections WHERE code = '010100'");
  expected = query_int (f->store, "SELECT count (*) FROM assets WHERE owner_section_id = (SELECT "
                                  "id FROM sections WHERE code = '010100') OR holding_section_id "
                                  "= (SELECT id FROM sections WHERE code = '010100')");
  g_assert_cmpint (expected, >, 0);
  mamori_inventory_export_options_init (&options);
  options.section_id = section;
  g_assert_true (mamori_inventory_export_file (f->store, path, MAMORI_INVENTORY_FORMAT_CSV,
                                               FALSE, &options, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.assets, ==, expected);
  /* The copy it holds is among them. */
  {
    g_autoptr(GBytes) bytes = mt_file_bytes (path);

    g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                    "\r\nA00000005,"));
  }
  /* XML of one section names it. */
  g_free (path);
  path = path_in (f, "section.xml");
  g_assert_true (mamori_inventory_export_file (f->store, path, MAMORI_INVENTORY_FORMAT_XML,
                                               FALSE, &options, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.assets, ==, expected);
  g_assert_true (mamori_inventory_validate_xml_file (path, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
xmllint_schema (const char *path)
{
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  g_autofree char *xsd = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (xmllint == NULL)
    g_error ("xmllint is not installed (package libxml2-utils; run build-aux/setup.sh)");
  xsd = g_build_filename (g_getenv ("MAMORI_SOURCE_ROOT"), "data", "schema",
                          "mamori-inventory-1.xsd", NULL);
  {
    const char *argv[] = { xmllint, "--noout", "--nonet", "--schema", xsd, path, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                  &status, &error);
  }
  g_assert_no_error (error);
  g_test_message ("xmllint: %s", err);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
}

static void
test_export_xml (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = path_in (f, "inventory.xml");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  xmlDoc *doc;
  gint64 n = 0;
  const char *text;

  enrich_ward (f->store);
  export_to (f->store, path, MAMORI_INVENTORY_FORMAT_XML, MAMORI_CSV_ENCODING_UTF8);

  /* Valid: by xmllint, by Mamori's streaming validator, and by its tree validator. */
  xmllint_schema (path);
  g_assert_true (mamori_inventory_validate_xml_file (path, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, N_ASSETS);
  bytes = mt_file_bytes (path);
  doc = mamori_xml_parse (bytes, "inventory.xml", 64 * 1024 * 1024, &error);
  g_assert_no_error (error);
  g_assert_true (mamori_xml_validate (doc, MAMORI_INVENTORY_SCHEMA_RESOURCE, "inventory.xml",
                                      &error));
  g_assert_no_error (error);
  xmlFreeDoc (doc);

  text = g_bytes_get_data (bytes, NULL);
  g_assert_nonnull (strstr (text, "<standard code=\"shinjuku\""));
  g_assert_nonnull (strstr (text, "<original code=\"A00000250\""));
  g_assert_nonnull (strstr (text, "<disposed-on era=\"令和7年7月2日\">2025-07-02</disposed-on>"));
  g_assert_nonnull (strstr (text, "<erasure-method>物理破壊</erasure-method>"));
  g_assert_nonnull (strstr (text, "<takeout uuid=\""));
  g_assert_nonnull (strstr (text, "<purpose>出張先での説明</purpose>"));
  g_assert_nonnull (strstr (text, "<description>税務課 課税係の職員</description>"));
  g_assert_nonnull (strstr (text, "<lockable>false</lockable>"));
  g_assert_nonnull (strstr (text, "<name>台帳 &quot;原本&quot;, 第1版</name>"));
  /* The managed area an asset is kept in, after its storage place. */
  {
    g_autofree char *area = query_text (f->store, "SELECT r.code || '\">' || r.name FROM "
                                                  "area_assets AS x JOIN areas AS r ON r.id = "
                                                  "x.area_id ORDER BY x.asset_id LIMIT 1");
    g_autofree char *element = g_strdup_printf ("<managed-area code=\"%s</managed-area>", area);

    g_assert_nonnull (area);
    g_assert_nonnull (strstr (text, element));
  }
}

static void
test_export_xml_control_character (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *path = path_in (f, "inventory.xml");
  g_autoptr(GError) error = NULL;

  mt_sqlite_exec (mamori_store_get_db (f->store),
                  "UPDATE assets SET description = 'bell' || char (7) WHERE code = 'A00000009'");
  g_assert_false (mamori_inventory_export_file (f->store, path, MAMORI_INVENTORY_FORMAT_XML,
                                                FALSE, NULL, NULL, NULL, &error));
  g_assert_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_UNWRITABLE);
  g_assert_nonnull (strstr (error->message, "A00000009"));
  g_assert_nonnull (strstr (error->message, "U+0007"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_validate_xml_hostile (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = path_in (f, "inventory.xml");
  g_autofree char *bad = path_in (f, "bad.xml");
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  static const struct { const char *from; const char *to; int code; const char *message; } cases[] = {
    { "<kind>", "<sort>", MAMORI_XML_ERROR_INVALID, "does not follow its schema (line" },
    { "</inventory>", "", MAMORI_XML_ERROR_MALFORMED, "not well-formed" },
    { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]>", MAMORI_XML_ERROR_UNSAFE,
      "DOCTYPE" },
    { "</registered-on>", "x</registered-on>", MAMORI_XML_ERROR_INVALID, "registered-on" },
  };

  export_to (f->store, path, MAMORI_INVENTORY_FORMAT_XML, MAMORI_CSV_ENCODING_UTF8);
  bytes = mt_file_bytes (path);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *edited = mt_replace_once (text, cases[i].from, cases[i].to);
      g_autoptr(GError) error = NULL;

      write_file (bad, edited, -1);
      g_assert_false (mamori_inventory_validate_xml_file (bad, NULL, NULL, &error));
      g_assert_error (error, MAMORI_XML_ERROR, cases[i].code);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "bad.xml"));
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

/* Import: the corpus --------------------------------------------------------------------------- */

typedef struct
{
  const char *file;
  /* Either the file is refused whole (an error: domain, code, words of its message)… */
  GQuark     (*domain) (void);
  int          code;
  /* …or rows are: the line, the column, words of the reason. */
  guint64      line;
  const char  *column;
  const char  *message;
} Hostile;

static void
test_import_hostile (Fixture       *f,
                     gconstpointer  data)
{
  static const Hostile cases[] = {
    { "cut-in-half.csv", mamori_csv_error_quark, MAMORI_CSV_ERROR_UNTERMINATED, 0, NULL,
      "the file ends inside a quoted field that starts on line 3" },
    { "invalid-utf8.csv", mamori_csv_error_quark, MAMORI_CSV_ERROR_ENCODING, 0, NULL,
      "line 3: the bytes E5 A3 are not text in UTF-8" },
    { "cp932-invalid.csv", mamori_csv_error_quark, MAMORI_CSV_ERROR_ENCODING, 0, NULL,
      "line 3: the bytes 81 20 are not text in CP932" },
    { "nul.csv", mamori_csv_error_quark, MAMORI_CSV_ERROR_NUL, 0, NULL,
      "line 3: the file contains a NUL byte" },
    { "empty.csv", mamori_inventory_error_quark, MAMORI_INVENTORY_ERROR_EMPTY, 0, NULL,
      "the file is empty" },
    { "header-only.csv", mamori_inventory_error_quark, MAMORI_INVENTORY_ERROR_EMPTY, 0, NULL,
      "has a header but no rows" },
    { "wrong-columns.csv", NULL, 0, 3, "", "The row has 3 columns where the header has 21" },
    { "wrong-columns.csv", NULL, 0, 4, "", "The row has 22 columns" },
    { "unknown-section.csv", NULL, 0, 3, "作成課等コード",
      "No section has the code or the name “999999”" },
    { "unknown-class.csv", NULL, 0, 3, "重要性分類", "“Ⅲ” is not a class of the standard" },
    { "bad-date.csv", NULL, 0, 3, "登録日", "“2026/2/30” is not a date" },
    { "duplicate-codes.csv", NULL, 0, 4, "資産番号",
      "The code “P-001” is already used on line 2 of this file" },
    { "quoted-newlines.csv", NULL, 0, 7, "名称", "The asset needs a name." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Hostile *c = &cases[i];
      g_autofree char *path = mt_test_data ("csv", c->file, NULL);
      g_autofree char *before = fingerprint (f->store);
      g_autofree char *after = NULL;

      for (guint dry = 0; dry < 2; dry++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(MamoriInventoryImportReport) report = NULL;

          g_test_message ("%s%s", c->file, dry ? " (dry run)" : "");
          report = import_full (f->store, path, dry, NULL, &error);
          if (c->domain != NULL)
            {
              g_assert_null (report);
              g_assert_error (error, c->domain (), c->code);
              g_test_message ("  %s", error->message);
              g_assert_true (g_str_has_prefix (error->message, c->file));
              g_assert_nonnull (strstr (error->message, c->message));
            }
          else
            {
              g_assert_no_error (error);
              g_assert_cmpint (report->rejected, >=, 1);
              g_assert_false (report->written);
              for (guint k = 0; k < report->problems->len; k++)
                {
                  MamoriInventoryProblem *p = g_ptr_array_index (report->problems, k);
                  g_test_message ("  line %" G_GUINT64_FORMAT ", column %s: %s", p->line,
                                  p->column, p->message);
                }
              g_assert_true (has_problem (report, c->line, c->column, c->message));
              /* Only the bad rows are refused; the others are counted as they would go. */
              g_assert_cmpint (report->added + report->rejected, ==, report->rows);
            }
        }
      g_assert_false (mamori_store_in_transaction (f->store));
      after = fingerprint (f->store);
      g_assert_cmpstr (after, ==, before);
    }
}

/* A single field of 10 MB, made here rather than kept in the repository. */
static void
test_import_huge_field (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = path_in (f, "huge.csv");
  g_autofree char *before = fingerprint (f->store);
  g_autofree char *after = NULL;
  g_autoptr(GString) text = g_string_new ("資産番号,名称,種別\r\nH-001,\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriInventoryImportReport) report = NULL;

  while (text->len < 10 * 1024 * 1024)
    g_string_append (text, "とても長い名称、");
  g_string_append (text, "\",紙\r\n");
  write_file (path, text->str, text->len);

  report = import_full (f->store, path, FALSE, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, MAMORI_CSV_ERROR, MAMORI_CSV_ERROR_FIELD_TOO_LONG);
  g_assert_cmpstr (error->message, ==,
                   "huge.csv: line 2, column 2: the field is longer than 1 MiB.");
  after = fingerprint (f->store);
  g_assert_cmpstr (after, ==, before);
}

static void
test_import_cp932_excel (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = mt_test_data ("csv", "cp932-excel.csv", NULL);
  g_autoptr(MamoriInventoryImportReport) dry = import (f->store, path, TRUE);
  g_autoptr(MamoriInventoryImportReport) report = NULL;
  g_autoptr(MamoriAssetRecord) t1 = NULL;
  g_autoptr(MamoriAssetRecord) t2 = NULL;
  g_autoptr(MamoriAssetRecord) t3 = NULL;

  g_assert_cmpint (dry->added, ==, 3);
  g_assert_false (dry->written);
  g_assert_cmpint (asset_id (f->store, "T-001"), ==, 0);

  report = import (f->store, path, FALSE);
  g_assert_cmpint (report->added, ==, 3);
  g_assert_cmpint (report->encoding, ==, MAMORI_CSV_ENCODING_CP932);
  t1 = load (f->store, "T-001");
  t2 = load (f->store, "T-002");
  t3 = load (f->store, "T-003");
  /* The characters Windows means by those bytes. */
  g_assert_cmpstr (t1->name, ==, "住民票\uFF5E写し（髙橋・﨑山）");
  g_assert_cmpstr (t1->description, ==, "金額\uFF0D100\uFFE0\uFFE1\uFFE2\u2225");
  g_assert_cmpstr (t2->name, ==, "①㈱取引台帳ⅠⅡ");
  g_assert_cmpstr (t2->description, ==, "ｶﾀｶﾅ半角と\uFF5E全角");
  g_assert_cmpstr (t3->name, ==, "髙﨑");
  /* Values as a ledger writes them. */
  g_assert_cmpstr (t1->class_code, ==, "I");
  g_assert_cmpstr (t1->criteria, ==, "ア,イ");
  g_assert_cmpint (t1->lockable, ==, MAMORI_YES);
  g_assert_cmpint (t1->finalised, ==, MAMORI_NO);
  g_assert_cmpint (t1->write_protected, ==, MAMORI_UNKNOWN);
  g_assert_cmpstr (t1->registered_on, ==, "2025-04-01");
  g_assert_cmpstr (t1->kind, ==, "paper");
  g_assert_cmpstr (t2->kind, ==, "electronic");
  g_assert_cmpstr (t2->registered_on, ==, "2025-04-02");
  g_assert_cmpstr (t2->last_backup_on, ==, "2025-04-03");
  g_assert_cmpint (t2->backup_cycle_days, ==, 30);
  g_assert_cmpstr (t2->class_code, ==, "II");
  g_assert_true (run_checks (f->store));
}

static void
test_import_title_and_variants (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *path = mt_test_data ("csv", "title-and-variants.csv", NULL);
  g_autoptr(MamoriInventoryImportReport) report = import (f->store, path, FALSE);
  g_autoptr(MamoriAssetRecord) v1 = NULL;
  g_autoptr(MamoriAssetRecord) v2 = NULL;
  gint64 zaisei = query_int (f->store, "SELECT id FROM sections WHERE code = '020300'");

  g_assert_cmpint (report->added, ==, 2);
  v1 = load (f->store, "V-001");
  v2 = load (f->store, "V-002");
  g_assert_cmpstr (v1->name, ==, "予算書原本");
  g_assert_cmpstr (v1->class_code, ==, "I");
  g_assert_cmpstr (v1->criteria, ==, "ア,イ");
  g_assert_cmpint (v1->owner_section_id, ==, zaisei);
  g_assert_cmpstr (v1->kind, ==, "paper");
  g_assert_cmpint (v1->lockable, ==, MAMORI_YES);
  g_assert_cmpstr (v1->registered_on, ==, "2019-05-01");
  g_assert_cmpstr (v2->class_code, ==, "II");
  g_assert_cmpint (v2->owner_section_id, ==, zaisei);
  g_assert_cmpstr (v2->kind, ==, "electronic");
  g_assert_cmpint (v2->lockable, ==, MAMORI_NO);
  g_assert_cmpstr (v2->registered_on, ==, "2019-04-30");

  /* The same through the preview the mapping step shows. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;
    g_autoptr(MamoriInventoryPreview) preview = mamori_inventory_preview (file,
                                                                          MAMORI_CSV_ENCODING_AUTO,
                                                                          5, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (preview->headers[0], ==, "管理番号");
    g_assert_cmpuint (preview->rows->len, ==, 2);
    g_assert_cmpint (preview->columns[MAMORI_INVENTORY_FIELD_CODE], ==, 0);
    g_assert_cmpint (preview->columns[MAMORI_INVENTORY_FIELD_OWNER_SECTION], ==, 4);
    g_assert_cmpint (preview->columns[MAMORI_INVENTORY_FIELD_MEDIUM], ==, -1);
    g_assert_cmpint (preview->encoding, ==, MAMORI_CSV_ENCODING_UTF8);
  }
}

static void
test_preview (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = mt_test_data ("csv", "cp932-excel.csv", NULL);
  g_autofree char *other = path_in (f, "unknown-columns.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriInventoryPreview) p = mamori_inventory_preview (file, MAMORI_CSV_ENCODING_AUTO,
                                                                  2, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (p->encoding, ==, MAMORI_CSV_ENCODING_CP932);
  /* A ledger of the columns before the managed area's (管理区域コード) was added. */
  g_assert_cmpuint (g_strv_length (p->headers), ==, MAMORI_INVENTORY_N_FIELDS - 1);
  g_assert_cmpstr (p->headers[1], ==, "名称");
  g_assert_cmpuint (p->rows->len, ==, 2);
  g_assert_cmpstr (((GStrv)g_ptr_array_index (p->rows, 1))[1], ==, "①㈱取引台帳ⅠⅡ");
  for (guint i = 0; i < MAMORI_INVENTORY_N_FIELDS; i++)
    g_assert_cmpint (p->columns[i], ==, i < MAMORI_INVENTORY_FIELD_AREA_CODE ? (int)i
                                        : i == MAMORI_INVENTORY_FIELD_AREA_CODE ? -1
                                        : (int)i - 1);

  /* Columns nobody recognises: the first row, for a mapping by hand. */
  write_file (other, "列A,列B\r\nX-1,名前\r\n", -1);
  {
    g_autoptr(GFile) o = g_file_new_for_path (other);
    g_autoptr(MamoriInventoryPreview) q = mamori_inventory_preview (o, MAMORI_CSV_ENCODING_AUTO,
                                                                    5, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (q->headers[0], ==, "列A");
    g_assert_cmpuint (q->rows->len, ==, 1);
    g_assert_cmpint (q->columns[MAMORI_INVENTORY_FIELD_CODE], ==, -1);
  }
}

static void
test_import_mapping_by_hand (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *path = path_in (f, "bare.csv");
  g_autoptr(MamoriInventoryMapping) m = mamori_inventory_mapping_new ();
  g_autoptr(MamoriInventoryImportReport) report = NULL;
  g_autoptr(MamoriAssetRecord) r = NULL;
  g_autoptr(GError) error = NULL;

  /* No header; columns in an order of the ledger's own. */
  write_file (path, "紙,M-1,手作業の台帳,財政課,2\r\n電子データ,M-2,第二の台帳,020300,Ⅰ・ウ\r\n", -1);
  mamori_inventory_mapping_set_has_header (m, FALSE);
  mamori_inventory_mapping_set_index (m, MAMORI_INVENTORY_FIELD_KIND, 0);
  mamori_inventory_mapping_set_index (m, MAMORI_INVENTORY_FIELD_CODE, 1);
  mamori_inventory_mapping_set_index (m, MAMORI_INVENTORY_FIELD_NAME, 2);
  mamori_inventory_mapping_set_index (m, MAMORI_INVENTORY_FIELD_OWNER_SECTION, 3);
  mamori_inventory_mapping_set_index (m, MAMORI_INVENTORY_FIELD_CLASS, 4);
  for (guint i = 0; i < MAMORI_INVENTORY_N_FIELDS; i++)
    if (i > MAMORI_INVENTORY_FIELD_KIND && i != MAMORI_INVENTORY_FIELD_OWNER_SECTION &&
        i != MAMORI_INVENTORY_FIELD_CLASS)
      mamori_inventory_mapping_set_ignored (m, i);
  mamori_inventory_mapping_set_ignored (m, MAMORI_INVENTORY_FIELD_DESCRIPTION);

  report = import_full (f->store, path, FALSE, m, &error);
  g_assert_no_error (error);
  /* The second row's class is not one: refused, naming the column by its number. */
  g_assert_cmpint (report->rejected, ==, 1);
  g_assert_true (has_problem (report, 2, "5", "is not a class"));
  g_clear_pointer (&report, mamori_inventory_import_report_free);

  write_file (path, "紙,M-1,手作業の台帳,財政課,2\r\n電子データ,M-2,第二の台帳,020300,Ⅱ\r\n", -1);
  report = import_full (f->store, path, FALSE, m, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->added, ==, 2);
  r = load (f->store, "M-2");
  g_assert_cmpstr (r->kind, ==, "electronic");
  g_assert_cmpstr (r->class_code, ==, "II");
  g_assert_cmpstr (r->status, ==, "active");
}

/* The ledger's 管理区域コード: an asset is put in the area named, moved, or taken out with an
 * empty cell; a code no area has refuses the file, naming the line and the column. */
static void
test_import_area (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = path_in (f, "areas.csv");
  g_autofree char *area = query_text (f->store, "SELECT code FROM areas ORDER BY code LIMIT 1");
  g_autofree char *other = query_text (f->store, "SELECT code FROM areas ORDER BY code DESC "
                                                 "LIMIT 1");
  g_autofree char *csv = NULL;
  g_autofree char *before = NULL;
  g_autofree char *area_sql = g_strdup ("SELECT coalesce ((SELECT r.code FROM area_assets AS x "
                                        "JOIN areas AS r ON r.id = x.area_id JOIN assets AS a "
                                        "ON a.id = x.asset_id WHERE a.code = 'A00000020'), '')");

  g_assert_nonnull (area);
  g_assert_cmpstr (area, !=, other);

  /* Put in the first area, written as Excel may (full-width, spaces around). */
  {
    g_autofree char *wide = g_strdup_printf ("%s", area);
    g_autoptr(MamoriInventoryImportReport) report = NULL;
    g_autoptr(GString) full = g_string_new (" ");

    for (const char *p = wide; *p; p++)
      g_string_append_unichar (full, g_ascii_isalnum (*p) ? 0xFEE0 + (gunichar)*p : (gunichar)*p);
    g_string_append (full, " ");
    csv = g_strdup_printf ("資産番号,管理区域コード\r\nA00000020,%s\r\n", full->str);
    write_file (path, csv, -1);
    report = import (f->store, path, FALSE);
    g_assert_cmpint (report->rejected, ==, 0);
    g_assert_true (report->written);
    g_clear_pointer (&before, g_free);
    before = query_text (f->store, area_sql);
    g_assert_cmpstr (before, ==, area);
  }
  /* Moved to the other; the same file again changes nothing. */
  {
    g_autoptr(MamoriInventoryImportReport) report = NULL;
    g_autoptr(MamoriInventoryImportReport) again = NULL;
    g_autofree char *now = NULL;

    g_free (csv);
    csv = g_strdup_printf ("資産番号,管理区域コード\r\nA00000020,%s\r\n", other);
    write_file (path, csv, -1);
    report = import (f->store, path, FALSE);
    g_assert_cmpint (report->updated, ==, 1);
    now = query_text (f->store, area_sql);
    g_assert_cmpstr (now, ==, other);
    again = import (f->store, path, FALSE);
    g_assert_cmpint (again->unchanged, ==, 1);
  }
  /* An unknown code: the file is refused, line 3 and the column named, nothing written. */
  {
    g_autoptr(MamoriInventoryImportReport) report = NULL;
    g_autofree char *fp = fingerprint (f->store);
    g_autofree char *fp_after = NULL;

    g_free (csv);
    csv = g_strdup_printf ("資産番号,管理区域コード\r\nA00000021,%s\r\nA00000020,Z999\r\n",
                           area);
    write_file (path, csv, -1);
    report = import (f->store, path, FALSE);
    g_assert_cmpint (report->rejected, ==, 1);
    g_assert_false (report->written);
    g_assert_true (has_problem (report, 3, "管理区域コード", "Z999"));
    fp_after = fingerprint (f->store);
    g_assert_cmpstr (fp_after, ==, fp);
  }
  /* An empty cell takes it out of any area. */
  {
    g_autoptr(MamoriInventoryImportReport) report = NULL;
    g_autofree char *now = NULL;

    write_file (path, "資産番号,管理区域コード\r\nA00000020,\r\n", -1);
    report = import (f->store, path, FALSE);
    g_assert_cmpint (report->updated, ==, 1);
    now = query_text (f->store, area_sql);
    g_assert_cmpstr (now, ==, "");
  }
  g_assert_true (run_checks (f->store));
}

static void
test_import_update (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = path_in (f, "update.csv");
  g_autofree char *partial = path_in (f, "partial.csv");
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(MamoriAssetRecord) before = NULL;
  g_autoptr(MamoriAssetRecord) after = NULL;
  gint64 updates;

  enrich_ward (f->store);
  export_to (f->store, path, MAMORI_INVENTORY_FORMAT_CSV, MAMORI_CSV_ENCODING_UTF8);
  bytes = mt_file_bytes (path);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  before = load (f->store, "A00000004");

  /* One name changed: one update, in the audit log; the rest unchanged. */
  edited = mt_replace_once (text, "\r\nA00000004,", "\r\nA00000004,改名された資産");
  {
    g_autofree char *name_end = NULL;
    g_autoptr(MamoriInventoryImportReport) report = NULL;

    write_file (path, edited, -1);
    uuid = query_text (f->store, "SELECT uuid FROM assets WHERE code = 'A00000004'");
    sql = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE row_key = '%s' AND action = "
                           "'update'", uuid);
    updates = query_int (f->store, sql);
    report = import (f->store, path, FALSE);
    g_assert_cmpint (report->updated, ==, 1);
    g_assert_cmpint (report->unchanged, ==, N_ASSETS - 1);
    g_assert_cmpint (query_int (f->store, sql), ==, updates + 1);
    after = load (f->store, "A00000004");
    g_assert_true (g_str_has_prefix (after->name, "改名された資産"));
    g_assert_cmpstr (after->uuid, ==, before->uuid);
    g_assert_cmpstr (after->registered_on, ==, before->registered_on);
  }

  /* A disposed asset is read-only; an import does not dispose of one. */
  {
    g_autofree char *disposed = mt_replace_once (text, "\r\nA00000003,", "\r\nA00000003,新しい名");
    g_autofree char *status = mt_replace_once (text, ",使用中,", ",廃棄済み,");
    g_autofree char *fp = fingerprint (f->store);
    g_autoptr(MamoriInventoryImportReport) r1 = NULL;
    g_autoptr(MamoriInventoryImportReport) r2 = NULL;
    g_autofree char *fp_after = NULL;

    write_file (path, disposed, -1);
    r1 = import (f->store, path, FALSE);
    g_assert_cmpint (r1->rejected, ==, 1);
    /* The first asset's description spans three lines: the third asset is on line 6. */
    g_assert_true (has_problem (r1, 6, "資産番号", "was disposed of"));
    write_file (path, status, -1);
    r2 = import (f->store, path, FALSE);
    g_assert_cmpint (r2->rejected, ==, 1);
    g_assert_true (has_problem (r2, 2, "状態", "An import does not dispose of an asset"));
    fp_after = fingerprint (f->store);
    g_assert_cmpstr (fp_after, ==, fp);
  }

  /* A ledger with only some columns changes only those. */
  {
    g_autoptr(MamoriInventoryImportReport) report = NULL;
    g_autoptr(MamoriAssetRecord) p = NULL;
    g_autoptr(MamoriAssetRecord) q = load (f->store, "A00000006");

    write_file (partial, "管理番号,資産名\r\nA00000006,名前だけ変える\r\n", -1);
    report = import (f->store, partial, FALSE);
    g_assert_cmpint (report->updated, ==, 1);
    p = load (f->store, "A00000006");
    g_assert_cmpstr (p->name, ==, "名前だけ変える");
    g_free (q->name);
    q->name = g_strdup (p->name);
    g_assert_cmpstr (p->class_code, ==, q->class_code);
    g_assert_cmpstr (p->storage_place, ==, q->storage_place);
    g_assert_cmpint (p->owner_section_id, ==, q->owner_section_id);
  }
  g_assert_true (run_checks (f->store));
}

static void
test_import_originals (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = path_in (f, "copies.csv");
  g_autoptr(MamoriInventoryImportReport) report = NULL;
  g_autoptr(MamoriAssetRecord) copy = NULL;
  g_autoptr(MamoriAssetRecord) chain = NULL;
  static const char header[] = "資産番号,名称,種別,作成課等,保有課等コード,原本資産番号,重要性分類\r\n";

  /* Copies before their originals, a copy of a copy, and an existing original. */
  {
    g_autofree char *text = g_strconcat (header,
                                         "C-1,写し,紙,財政課,010100,C-2,II\r\n",
                                         "C-3,写しの写し,紙,財政課,010100,C-1,II\r\n",
                                         "C-2,原本,紙,財政課,,,II\r\n",
                                         "C-4,既存の写し,紙,財政課,010100,A00000001,II\r\n", NULL);
    write_file (path, text, -1);
  }
  report = import (f->store, path, FALSE);
  g_assert_cmpint (report->rejected, ==, 0);
  g_assert_cmpint (report->added, ==, 4);
  copy = load (f->store, "C-1");
  chain = load (f->store, "C-3");
  g_assert_cmpint (copy->original_id, ==, asset_id (f->store, "C-2"));
  g_assert_cmpint (chain->original_id, ==, asset_id (f->store, "C-1"));
  g_assert_true (run_checks (f->store));
  g_clear_pointer (&report, mamori_inventory_import_report_free);

  /* An original found nowhere is named on its copy's line. */
  {
    g_autofree char *text = g_strconcat (header, "D-1,写し,紙,財政課,010100,NOWHERE,II\r\n",
                                         "D-2,自分の写し,紙,財政課,010100,D-2,II\r\n", NULL);
    g_autofree char *fp = fingerprint (f->store);
    g_autofree char *fp_after = NULL;

    write_file (path, text, -1);
    report = import (f->store, path, FALSE);
    g_assert_cmpint (report->rejected, ==, 2);
    g_assert_cmpint (report->added, ==, 0);
    g_assert_true (has_problem (report, 2, "原本資産番号", "“NOWHERE”"));
    g_assert_true (has_problem (report, 3, "原本資産番号", "copy of itself"));
    fp_after = fingerprint (f->store);
    g_assert_cmpstr (fp_after, ==, fp);
  }
}

static gboolean cancel_at_first_progress_called;

static void
cancel_at_first_progress (double      fraction,
                          const char *what,
                          gpointer    user_data)
{
  if (fraction > 0.5)
    {
      cancel_at_first_progress_called = TRUE;
      g_cancellable_cancel (user_data);
    }
}

static void
record_progress (double      fraction,
                 const char *what,
                 gpointer    user_data)
{
  GArray *seen = user_data;

  g_array_append_val (seen, fraction);
}

static void
test_import_progress_and_cancel (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *path = path_in (f, "big.csv");
  g_autoptr(GString) text = g_string_new ("資産番号,名称,種別,作成課等コード,重要性分類\r\n");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  for (guint i = 0; i < 30000; i++)
    g_string_append_printf (text, "B%06u,大量の資産 %u,紙,020300,II\r\n", i, i);
  write_file (path, text->str, text->len);
  before = fingerprint (f->store);

  /* Cancelled while writing: everything rolled back. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;
    g_autoptr(MamoriInventoryImportReport) report = NULL;
    MamoriInventoryImportOptions options;

    mamori_inventory_import_options_init (&options);
    options.progress = cancel_at_first_progress;
    options.progress_data = cancellable;
    report = mamori_inventory_import_csv (f->store, file, &options, cancellable, &error);
    g_assert_true (cancel_at_first_progress_called);
    g_assert_null (report);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_false (mamori_store_in_transaction (f->store));
    g_assert_false (mamori_store_get_bulk (f->store));
    after = fingerprint (f->store);
    g_assert_cmpstr (after, ==, before);
  }

  /* Progress rises to 1, and a large import is one bulk write. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;
    g_autoptr(MamoriInventoryImportReport) report = NULL;
    g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
    MamoriInventoryImportOptions options;

    mamori_inventory_import_options_init (&options);
    options.progress = record_progress;
    options.progress_data = seen;
    report = mamori_inventory_import_csv (f->store, file, &options, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (report->added, ==, 30000);
    g_assert_cmpuint (seen->len, >, 3);
    for (guint i = 1; i < seen->len; i++)
      g_assert_cmpfloat (g_array_index (seen, double, i), >=, g_array_index (seen, double, i - 1));
    g_assert_cmpfloat (g_array_index (seen, double, seen->len - 1), ==, 1.0);
    /* Searchable and checked, as if added one by one. */
    g_assert_cmpint (query_int (f->store, "SELECT count (*) FROM asset_search WHERE "
                                          "asset_search MATCH '大量'"), ==, 30000);
    g_assert_true (run_checks (f->store));
    g_assert_cmpint (mt_count_events (mamori_store_get_db (f->store), "inventory-import"), ==, 1);
  }
}

/* mamori-cli ------------------------------------------------------------------------------------ */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
cli (Run        *r,
     const char *cwd,
     ...) G_GNUC_NULL_TERMINATED;

static void
cli (Run        *r,
     const char *cwd,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (g_getenv ("MAMORI_CLI"));
  g_ptr_array_add (argv, g_strdup (g_getenv ("MAMORI_CLI")));
  va_start (args, cwd);
  for (const char *a = va_arg (args, const char *); a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  env = g_environ_setenv (env, "LANG", "C.UTF-8", TRUE);
  env = g_environ_unsetenv (env, "LC_ALL");
  env = g_environ_unsetenv (env, "LANGUAGE");
  env = g_environ_setenv (env, "MAMORI_ACTOR", "test-inventory-io", TRUE);

  g_spawn_sync (cwd, (char **)argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &r->out, &r->err,
                &wait_status, &error);
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  {
    g_autofree char *line = g_strjoinv (" ", (char **)argv->pdata + 1);
    g_test_message ("mamori-cli %s → %d\n  stdout: %s  stderr: %s", line, r->status, r->out,
                    r->err);
  }
}

static char *
file_fingerprint (const char *db_path)
{
  /* Read-write, so that no -wal is left behind by the reading itself. */
  sqlite3 *db = mt_sqlite_open (db_path, SQLITE_OPEN_READWRITE);
  g_autoptr(GError) error = NULL;
  char *fp;

  /* The search index's tokenizer, which the plain connection lacks. */
  g_assert_true (mamori_search_register (db, &error));
  fp = mt_db_fingerprint (db, NULL, NULL);

  sqlite3_close (db);
  return fp;
}

static void
test_cli (void)
{
  g_autofree char *dir = mt_tmpdir_new ();
  g_autofree char *db = g_build_filename (dir, "ward.db", NULL);
  g_autofree char *fresh = g_build_filename (dir, "fresh.db", NULL);
  g_autofree char *csv = g_build_filename (dir, "inventory.csv", NULL);
  g_autofree char *sjis = g_build_filename (dir, "inventory-sjis.csv", NULL);
  g_autofree char *xml = g_build_filename (dir, "inventory.xml", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *bad_xml = g_build_filename (dir, "bad.xml", NULL);
  g_autofree char *wal = g_strconcat (fresh, "-wal", NULL);

  {
    g_auto(Run) a = { 0 };
    g_auto(Run) b = { 0 };
    g_auto(Run) c = { 0 };
    g_auto(Run) d = { 0 };

    cli (&a, dir, "--db", db, "init", NULL);
    cli (&b, dir, "--db", db, "demo", "--sections", "12", "--assets", "200", NULL);
    cli (&c, dir, "--db", fresh, "init", NULL);
    cli (&d, dir, "--db", fresh, "demo", "--sections", "12", "--assets", "0", NULL);
    g_assert_cmpint (a.status + b.status + c.status + d.status, ==, 0);
  }

  /* Usage errors: exit 2, nothing written. */
  {
    const char *cases[][6] = {
      { "export", "inventory", "--out", "x.csv", NULL },                 /* no --format */
      { "export", "inventory", "--format", "pdf", "--out", "x.pdf" },
      { "export", "report", "--format", "csv", "--out", "x.csv" },      /* unknown export */
      { "export", "inventory", "--format", "csv", NULL },                /* no --out */
      { "export", "inventory", "--format", "xml", "--encoding", "cp932" },
      { "import", "--encoding", "latin1", "x.csv", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_auto(Run) r = { 0 };

        cli (&r, dir, "--db", db, cases[i][0], cases[i][1], cases[i][2], cases[i][3],
             cases[i][4], cases[i][5], NULL);
        g_assert_cmpint (r.status, ==, 2);
        g_assert_nonnull (strstr (r.err, "--help"));
      }
    {
      g_autofree char *x = g_build_filename (dir, "x.csv", NULL);

      g_assert_false (g_file_test (x, G_FILE_TEST_EXISTS));
    }
  }
  {
    g_auto(Run) r = { 0 };

    cli (&r, dir, "--db", db, "export", "--help", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "--format"));
    g_assert_nonnull (strstr (r.out, "--encoding"));
  }

  /* Export: CSV (UTF-8 with a BOM), refused over an existing file without --force. */
  {
    g_auto(Run) r = { 0 };
    g_auto(Run) again = { 0 };
    g_auto(Run) forced = { 0 };
    g_autoptr(GBytes) bytes = NULL;

    cli (&r, dir, "--db", db, "export", "inventory", "--format", "csv", "--out", csv, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Exported 200 assets"));
    g_assert_cmpstr (r.err, ==, "");
    /* An export only reads: it leaves no journal behind. */
    {
      g_autofree char *db_wal = g_strconcat (db, "-wal", NULL);

      g_assert_false (g_file_test (db_wal, G_FILE_TEST_EXISTS));
    }
    bytes = mt_file_bytes (csv);
    g_assert_true (g_str_has_prefix (g_bytes_get_data (bytes, NULL), "\xEF\xBB\xBF資産番号,"));

    cli (&again, dir, "--db", db, "export", "inventory", "--format", "csv", "--out", csv, NULL);
    g_assert_cmpint (again.status, ==, 1);
    g_assert_nonnull (strstr (again.err, "already exists; add --force"));
    cli (&forced, dir, "--db", db, "export", "inventory", "--format", "csv", "--encoding",
         "cp932", "--force", "--out", csv, NULL);
    g_assert_cmpint (forced.status, ==, 0);
  }
  {
    g_auto(Run) r = { 0 };
    g_auto(Run) s = { 0 };

    cli (&r, dir, "--db", db, "export", "inventory", "--format", "csv", "--encoding", "cp932",
         "--out", sjis, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "CP932"));
    cli (&s, dir, "--db", db, "export", "inventory", "--format", "csv", "--section", "999999",
         "--out", "none.csv", NULL);
    g_assert_cmpint (s.status, ==, 1);
    g_assert_nonnull (strstr (s.err, "999999"));
  }

  /* XML, and validate on it. */
  {
    g_auto(Run) r = { 0 };
    g_auto(Run) v = { 0 };
    g_auto(Run) i = { 0 };

    cli (&r, dir, "--db", db, "export", "inventory", "--format", "xml", "--out", xml, NULL);
    g_assert_cmpint (r.status, ==, 0);
    cli (&v, dir, "validate", xml, NULL);
    g_assert_cmpint (v.status, ==, 0);
    g_assert_nonnull (strstr (v.out, "a valid inventory of 200 assets"));
    /* Not an import format. */
    cli (&i, dir, "--db", fresh, "import", xml, NULL);
    g_assert_cmpint (i.status, ==, 1);
    g_assert_nonnull (strstr (i.err, "export the inventory as CSV"));
  }
  {
    g_autoptr(GBytes) bytes = mt_file_bytes (xml);
    g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    g_autofree char *edited = mt_replace_once (text, "<status>active</status>",
                                               "<status>lost</status>");
    g_auto(Run) v = { 0 };

    write_file (bad_xml, edited, -1);
    cli (&v, dir, "validate", bad_xml, NULL);
    g_assert_cmpint (v.status, ==, 1);
    g_assert_nonnull (strstr (v.err, "bad.xml"));
    g_assert_nonnull (strstr (v.err, "(line "));
    g_assert_cmpstr (v.out, ==, "");
  }

  /* Import: a dry run writes nothing, not even a journal. */
  {
    g_autoptr(GBytes) before = mt_file_bytes (fresh);
    g_autoptr(GBytes) after = NULL;
    g_auto(Run) r = { 0 };

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
    cli (&r, dir, "--db", fresh, "import", "--dry-run", sjis, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Dry run of"));
    g_assert_nonnull (strstr (r.out, "(CP932): 200 to add, 0 to update, 0 unchanged, 0 refused"));
    g_assert_nonnull (strstr (r.out, "Nothing was written"));
    after = mt_file_bytes (fresh);
    g_assert_true (g_bytes_equal (before, after));
    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }

  /* A ledger with one bad line is refused, naming it, with nothing written. */
  {
    g_autoptr(GBytes) bytes = mt_file_bytes (sjis);
    g_autofree char *utf8 = g_convert (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                       "UTF-8", "CP932", NULL, NULL, NULL);
    g_autofree char *edited = NULL;
    g_autofree char *before = file_fingerprint (fresh);
    g_autofree char *after = NULL;
    g_auto(Run) r = { 0 };
    const char *comma;

    /* Empty the name of the third asset (line 4). */
    g_assert_nonnull (utf8);
    comma = strstr (strstr (utf8, "\r\nA00000003,") + 12, ",");
    edited = g_strdup_printf ("%.*s%s", (int)(strstr (utf8, "\r\nA00000003,") + 12 - utf8), utf8,
                              comma);
    write_file (bad, edited, -1);
    cli (&r, dir, "--db", fresh, "import", bad, NULL);
    g_assert_cmpint (r.status, ==, 1);
    {
      g_autofree char *expected = g_strdup_printf ("%s:4: column 名称: The asset needs a name.\n"
                                                   "mamori-cli: %s: 1 row refused; nothing was "
                                                   "written.\n", bad, bad);
      g_assert_cmpstr (r.err, ==, expected);
    }
    after = file_fingerprint (fresh);
    g_assert_cmpstr (after, ==, before);
  }

  /* The good one goes in whole, and the database checks out. */
  {
    g_auto(Run) r = { 0 };
    g_auto(Run) c = { 0 };
    sqlite3 *sq;

    cli (&r, dir, "--db", fresh, "import", csv, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "200 added, 0 updated, 0 unchanged"));
    sq = mt_sqlite_open (fresh, SQLITE_OPEN_READWRITE);
    g_assert_cmpint (mt_sqlite_int (sq, "SELECT count (*) FROM assets"), ==, 200);
    sqlite3_close (sq);
    cli (&c, dir, "--db", fresh, "check", NULL);
    g_assert_cmpint (c.status, ==, 0);
  }
  {
    g_auto(Run) r = { 0 };

    cli (&r, dir, "--db", fresh, "import", "--mapping", "なし", csv, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "No column mapping called “なし”"));
  }

  mt_tmpdir_free (g_steal_pointer (&dir));
}

/* What the import dialog does on one connection: a check refused, a check that passes, the
 * import.  Another connection sees the import, and no transaction is left open. */
static void
test_import_after_checks (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = path_in (f, "ledger.csv");
  g_autofree char *db_path = path_in (f, "ward.db");
  const char *header = "資産番号,名称,種別,作成課等コード,重要性分類\r\n";
  g_autofree char *section = query_text (f->store, "SELECT code FROM sections ORDER BY id LIMIT 1");
  g_autofree char *bad = g_strdup_printf ("%sN-1,受付簿,紙,%s,II\r\nN-2,整理票,紙,%s,III\r\n",
                                          header, section, section);
  g_autofree char *good = g_strdup_printf ("%sN-1,受付簿,紙,%s,II\r\nN-2,整理票,紙,%s,II\r\n",
                                           header, section, section);
  g_autoptr(MamoriInventoryImportReport) refused = NULL;
  g_autoptr(MamoriInventoryImportReport) checked = NULL;
  g_autoptr(MamoriInventoryImportReport) imported = NULL;
  sqlite3 *other;

  write_file (path, bad, -1);
  refused = import (f->store, path, TRUE);
  g_assert_cmpint (refused->rejected, ==, 1);
  g_assert_true (has_problem (refused, 3, "重要性分類", "“III”"));
  g_assert_false (mamori_store_in_transaction (f->store));
  g_assert_true (sqlite3_get_autocommit (mamori_store_get_db (f->store)));

  write_file (path, good, -1);
  checked = import (f->store, path, TRUE);
  g_assert_cmpint (checked->rejected, ==, 0);
  g_assert_cmpint (checked->added, ==, 2);
  g_assert_true (sqlite3_get_autocommit (mamori_store_get_db (f->store)));

  imported = import (f->store, path, FALSE);
  g_assert_true (imported->written);
  g_assert_false (mamori_store_in_transaction (f->store));
  g_assert_true (sqlite3_get_autocommit (mamori_store_get_db (f->store)));

  other = mt_sqlite_open (db_path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (mt_sqlite_int (other, "SELECT count (*) FROM assets WHERE code IN ('N-1', 'N-2')"),
                   ==, 2);
  sqlite3_close (other);
}

/* A ledger of @n new assets of the ward's first section, with a bad row at each of @bad
 * (line numbers, the header being line 1): a class that does not exist. */
static char *
big_ledger (MamoriStore  *store,
            guint         n,
            const guint  *bad,
            guint         n_bad)
{
  g_autofree char *section = query_text (store, "SELECT code FROM sections ORDER BY id LIMIT 1");
  GString *s = g_string_new ("資産番号,名称,説明,種別,作成課等コード,重要性分類,該当基準\r\n");

  for (guint i = 0; i < n; i++)
    {
      guint line = i + 2;
      gboolean refused = FALSE;

      for (guint j = 0; j < n_bad; j++)
        refused |= bad[j] == line;
      g_string_append_printf (s, "IMP-%05u,一括登録資産%u,行%u,電子データ,%s,%s,%s\r\n", i, i,
                              line, section, refused ? "III" : i % 2 ? "I" : "II",
                              i % 2 ? "イ" : "");
    }
  return g_string_free (s, FALSE);
}

static char *
index_list (MamoriStore *store)
{
  return query_text (store, "SELECT group_concat (name, ' ') FROM (SELECT name FROM sqlite_schema "
                            "WHERE type = 'index' AND tbl_name = 'assets' ORDER BY name)");
}

/* The file is read once and written as it is read: a refused row anywhere, even after
 * thousands of rows written and the indexes dropped for a bulk load, leaves the database as
 * it was, and every refused row is named, not just the first (issue 3). */
static void
test_import_single_pass_refused (Fixture       *f,
                                 gconstpointer  data)
{
  static const guint bad[] = { 5, 1800, 2999 };
  g_autofree char *path = path_in (f, "big.csv");
  g_autofree char *text = big_ledger (f->store, 3000, bad, G_N_ELEMENTS (bad));
  g_autofree char *before = fingerprint (f->store);
  g_autofree char *indexes = index_list (f->store);
  g_autofree char *after = NULL;
  g_autofree char *indexes_after = NULL;
  g_autoptr(MamoriInventoryImportReport) report = NULL;

  write_file (path, text, -1);
  report = import (f->store, path, FALSE);
  g_assert_false (report->written);
  g_assert_cmpint (report->rows, ==, 3000);
  g_assert_cmpint (report->rejected, ==, 3);
  g_assert_cmpuint (report->problems->len, ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_true (has_problem (report, bad[i], "重要性分類", "“III”"));
  g_assert_false (mamori_store_in_transaction (f->store));
  g_assert_false (mamori_store_get_bulk (f->store));

  after = fingerprint (f->store);
  g_assert_cmpstr (after, ==, before);
  indexes_after = index_list (f->store);
  g_assert_cmpstr (indexes_after, ==, indexes);
  g_assert_true (run_checks (f->store));
}

/* A large import, written in bulk: every row in the audit log, whose chain verifies; the
 * indexes, the search and the checks built again. */
static void
test_import_single_pass_bulk (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = path_in (f, "big.csv");
  g_autofree char *text = big_ledger (f->store, 3000, NULL, 0);
  g_autofree char *indexes = index_list (f->store);
  g_autofree char *indexes_after = NULL;
  g_autoptr(MamoriInventoryImportReport) report = NULL;
  gint64 entries = query_int (f->store, "SELECT count (*) FROM audit_log WHERE tbl = 'assets' "
                                        "AND action = 'insert'");
  gint64 searchable;

  write_file (path, text, -1);
  report = import (f->store, path, FALSE);
  g_assert_true (report->written);
  g_assert_cmpint (report->added, ==, 3000);
  g_assert_cmpint (report->rejected, ==, 0);
  g_assert_false (mamori_store_get_bulk (f->store));

  g_assert_cmpint (query_int (f->store, "SELECT count (*) FROM audit_log WHERE tbl = 'assets' "
                                        "AND action = 'insert'"), ==, entries + 3000);
  g_assert_cmpint (query_int (f->store, "SELECT count (*) FROM assets AS a WHERE code LIKE "
                                        "'IMP-%' AND NOT EXISTS (SELECT 1 FROM audit_log AS l "
                                        "WHERE l.tbl = 'assets' AND l.row_key = a.uuid AND "
                                        "json_extract (l.after, '$.code') = a.code)"), ==, 0);
  indexes_after = index_list (f->store);
  g_assert_cmpstr (indexes_after, ==, indexes);
  g_assert_cmpint (query_int (f->store, "SELECT count (*) FROM derived_state WHERE key = "
                                        "'deferred-indexes'"), ==, 0);
  /* Found by search: the first row (written before the bulk load began) and the last. */
  searchable = query_int (f->store, "SELECT count (*) FROM asset_search WHERE rowid IN "
                                    "(SELECT id FROM assets WHERE code IN ('IMP-00000', "
                                    "'IMP-02999'))");
  g_assert_cmpint (searchable, ==, 2);
  /* Class I without its lockable storage: the checks ran over the new rows. */
  g_assert_cmpint (query_int (f->store, "SELECT count (*) FROM assets WHERE code LIKE 'IMP-%' "
                                        "AND rule_flags <> 0"), >, 0);
  g_assert_true (run_checks (f->store));
}


int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);

  mt_add_func ("/inventory/dates", test_dates);
  mt_add_func ("/inventory/mapping/json", test_mapping_json);
  mt_add_func ("/inventory/mapping/resolve", test_mapping_resolve);
  ADD ("/inventory/mapping/store", test_mapping_store);
  ADD ("/inventory/export/csv-layout", test_export_csv_layout);
  ADD ("/inventory/export/round-trip-utf8", test_round_trip_utf8);
  ADD ("/inventory/export/round-trip-cp932", test_round_trip_cp932);
  ADD ("/inventory/export/cp932-variants", test_cp932_variants);
  ADD ("/inventory/export/cp932-unmappable", test_export_cp932_unmappable);
  ADD ("/inventory/export/file", test_export_file);
  ADD ("/inventory/export/section", test_export_section);
  ADD ("/inventory/export/xml", test_export_xml);
  ADD ("/inventory/export/xml-control-character", test_export_xml_control_character);
  ADD ("/inventory/validate/hostile-xml", test_validate_xml_hostile);
  ADD ("/inventory/import/hostile", test_import_hostile);
  ADD ("/inventory/import/huge-field", test_import_huge_field);
  ADD ("/inventory/import/cp932-excel", test_import_cp932_excel);
  ADD ("/inventory/import/title-and-variants", test_import_title_and_variants);
  ADD ("/inventory/import/preview", test_preview);
  ADD ("/inventory/import/mapping-by-hand", test_import_mapping_by_hand);
  ADD ("/inventory/import/update", test_import_update);
  ADD ("/inventory/import/area", test_import_area);
  ADD ("/inventory/import/originals", test_import_originals);
  ADD ("/inventory/import/progress-and-cancel", test_import_progress_and_cancel);
  ADD ("/inventory/import/after-checks", test_import_after_checks);
  ADD ("/inventory/import/single-pass-refused", test_import_single_pass_refused);
  ADD ("/inventory/import/single-pass-bulk", test_import_single_pass_bulk);
  mt_add_func ("/inventory/cli", test_cli);

  return g_test_run ();
}
