/* test-submission.c — section submissions: round trip, mismatches, the hostile corpus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "mamori-test-utils.h"
#include "mamori-submission.h"

typedef struct
{
  char *dir;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->dir = mt_tmpdir_new ();
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  mt_tmpdir_free (f->dir);
}

static MamoriStore *
ward (const char *dir,
      const char *name,
      guint       sections,
      guint64     assets,
      guint       areas,
      guint64     entries,
      guint       contracts,
      guint       years)
{
  MamoriStore *store = mt_store_new (dir, name);
  MamoriDemoOptions options;
  g_autoptr(GError) error = NULL;

  mamori_demo_options_init (&options);
  options.sections = sections;
  options.assets = assets;
  options.areas = areas;
  options.entries = entries;
  options.contracts = contracts;
  options.inspection_years = years;
  g_assert_true (mamori_demo_build (store, &options, NULL, &error));
  g_assert_no_error (error);
  return store;
}

static GPtrArray *
section_codes (MamoriStore *store)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = mamori_store_prepare (store, "SELECT code FROM sections ORDER BY code",
                                             NULL);

  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup (mamori_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  return codes;
}

static char *
export (MamoriStore *store,
        const char  *dir,
        const char  *section,
        int          year)
{
  g_autofree char *name = g_strdup_printf ("%s-%d.xml", section, year);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  MamoriSubmissionExportStats stats = { 0 };

  g_assert_true (mamori_submission_export_file (store, section, year, path, FALSE, &stats, NULL,
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.bytes, >, 0);
  return path;
}

static MamoriSubmissionPreview *
import_as (MamoriStore *store,
           const char  *path,
           gboolean     bulk)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MamoriSubmissionPreview *preview = NULL;
  MamoriSubmissionImportOptions options;

  mamori_submission_import_options_init (&options);
  if (bulk)
    options.bulk_size = 1;
  if (!mamori_submission_import_file (store, file, &options, &preview, NULL, &error))
    {
      for (guint i = 0; preview && i < preview->mismatches->len; i++)
        g_test_message ("%s", ((MamoriMismatch *)g_ptr_array_index (preview->mismatches,
                                                                     i))->message);
      g_assert_no_error (error);
    }
  g_assert_true (preview->written);
  return preview;
}

static MamoriSubmissionPreview *
import (MamoriStore *store,
        const char  *path)
{
  return import_as (store, path, FALSE);
}

static gboolean
has_mismatch (MamoriSubmissionPreview *p,
              MamoriMismatchKind       kind,
              const char              *mentions)
{
  for (guint i = 0; i < p->mismatches->len; i++)
    {
      MamoriMismatch *m = g_ptr_array_index (p->mismatches, i);

      if (m->kind == kind && (mentions == NULL || strstr (m->message, mentions) != NULL))
        return TRUE;
    }
  return FALSE;
}

/* The coordinator opens the year's cycle for every section, as the sample ward does. */
static gint64
open_cycle (MamoriStore *store,
            int          year)
{
  g_autofree char *label = mamori_fiscal_year_label (year);
  g_autofree char *title = g_strdup_printf ("Information security inspection, %s", label);
  g_autofree char *due = mamori_date_to_iso (year, 12, 25);
  g_autoptr(GError) error = NULL;
  gint64 cycle = 0;

  g_assert_true (mamori_store_begin (store, &error));
  g_assert_true (mamori_org_ensure_fiscal_year (store, year, &error));
  g_assert_true (mamori_store_commit (store, &error));
  g_assert_true (mamori_cycle_create (store, "fiscal-year", year, title, NULL, NULL, due, NULL, 0,
                                      FALSE, &cycle, &error));
  g_assert_no_error (error);
  return cycle;
}

static void
assert_rows_equal (MamoriRollupRow *a,
                   MamoriRollupRow *b,
                   gboolean         labels)
{
  g_assert_cmpstr (a->key, ==, b->key);
  if (labels)
    g_assert_cmpstr (a->label, ==, b->label);
  g_assert_cmpstr (a->status, ==, b->status);
  g_assert_cmpuint (a->complied, ==, b->complied);
  g_assert_cmpuint (a->partial, ==, b->partial);
  g_assert_cmpuint (a->not_complied, ==, b->not_complied);
  g_assert_cmpuint (a->not_applicable, ==, b->not_applicable);
  g_assert_cmpuint (a->unanswered, ==, b->unanswered);
  g_assert_cmpfloat_with_epsilon (a->rate, b->rate, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->previous_rate, b->previous_rate, 1e-9);
}

/* A demo ward's sections exported one by one, year by year, and imported into a coordinator's
 * database that holds only the same standard, sections and people: the same roll-up. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MamoriStore) original = ward (f->dir, "ward.db", 4, 400, 5, 800, 10, 2);
  g_autoptr(MamoriStore) coordinator = ward (f->dir, "coordinator.db", 4, 0, 0, 0, 0, 0);
  g_autoptr(GPtrArray) codes = section_codes (original);
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriRollup) before = NULL;
  g_autoptr(MamoriRollup) after = NULL;
  g_autoptr(MamoriCheckReport) report = NULL;
  g_autofree char *first = NULL;
  int fy = mamori_fiscal_year_current ();

  for (int year = fy - 1; year <= fy; year++)
    {
      g_autoptr(GPtrArray) sheets = NULL;
      gint64 cycle = open_cycle (coordinator, year);

      for (guint i = 0; i < codes->len; i++)
        {
          g_autofree char *path = export (original, f->dir, codes->pdata[i], year);
          /* Half the sections as a bulk load (the assets' indexes rebuilt at the end). */
          g_autoptr(MamoriSubmissionPreview) preview = import_as (coordinator, path, i % 2);

          g_assert_cmpuint (preview->n_blocking, ==, 0);
          g_assert_cmpint (preview->fiscal_year, ==, year);
          if (first == NULL)
            first = g_steal_pointer (&path);
        }

      /* What the original coordinator accepted, this one accepts: its decision, not the
       * file's. */
      sheets = mamori_sheet_list (original, mamori_cycle_find_year (original, year), &error);
      g_assert_nonnull (sheets);
      for (guint i = 0; i < sheets->len; i++)
        {
          MamoriSheet *s = g_ptr_array_index (sheets, i);
          gint64 here = mamori_sheet_find (coordinator, cycle, s->section_id);
          g_autoptr(MamoriSheet) imported = mamori_sheet_get (coordinator, here, &error);

          g_assert_nonnull (imported);
          if (g_strcmp0 (s->status, "accepted") == 0)
            {
              g_assert_cmpstr (imported->status, ==, "submitted");
              g_assert_cmpstr (imported->submitted_by, ==, s->submitted_by);
              g_assert_true (mamori_sheet_accept (coordinator, here, &error));
              g_assert_no_error (error);
            }
          else
            g_assert_cmpstr (imported->status, ==, s->status);
        }
    }

  before = mamori_rollup_compute (original, mamori_cycle_find_year (original, fy), &error);
  after = mamori_rollup_compute (coordinator, mamori_cycle_find_year (coordinator, fy), &error);
  g_assert_no_error (error);
  assert_rows_equal (&before->total, &after->total, FALSE);
  g_assert_cmpuint (before->by_section->len, ==, after->by_section->len);
  g_assert_cmpuint (before->by_section->len, ==, 4);
  for (guint i = 0; i < before->by_section->len; i++)
    assert_rows_equal (before->by_section->pdata[i], after->by_section->pdata[i], TRUE);
  g_assert_cmpuint (before->by_chapter->len, ==, after->by_chapter->len);
  for (guint i = 0; i < before->by_chapter->len; i++)
    assert_rows_equal (before->by_chapter->pdata[i], after->by_chapter->pdata[i], TRUE);
  g_assert_cmpuint (before->plans, ==, after->plans);
  g_assert_cmpuint (before->plans_done, ==, after->plans_done);
  g_assert_cmpuint (before->plans_overdue, ==, after->plans_overdue);
  g_assert_cmpuint (before->plans, >, 0);

  /* The registers came along, and the database holds true to its audit log. */
  g_assert_cmpint (mamori_store_query_int (coordinator, "SELECT count(*) FROM assets", -1), ==,
                   mamori_store_query_int (original, "SELECT count(*) FROM assets", -2));
  g_assert_cmpint (mamori_store_query_int (coordinator, "SELECT count(*) FROM contract_clauses",
                                           -1), >, 0);
  g_assert_cmpint (mamori_store_query_int (coordinator, "SELECT count(*) FROM area_entries",
                                           -1), >, 0);
  /* Derived data agree too: every asset's checks, and what a search finds. */
  {
    g_autoptr(GPtrArray) flags_before = g_ptr_array_new_with_free_func (g_free);
    sqlite3_stmt *stmt = mamori_store_prepare (original, "SELECT code || ':' || rule_flags || "
                                               "':' || search_text FROM assets ORDER BY code",
                                               NULL);

    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_ptr_array_add (flags_before, g_strdup (mamori_column_text (stmt, 0)));
    sqlite3_reset (stmt);
    stmt = mamori_store_prepare (coordinator, "SELECT code || ':' || rule_flags || ':' || "
                                 "search_text FROM assets ORDER BY code", NULL);
    for (guint i = 0; sqlite3_step (stmt) == SQLITE_ROW; i++)
      g_assert_cmpstr (mamori_column_text (stmt, 0), ==, flags_before->pdata[i]);
    sqlite3_reset (stmt);
    g_assert_cmpint (mamori_store_query_int (coordinator, "SELECT count(*) FROM asset_search "
                                             "WHERE asset_search MATCH 'A0'", -1), ==,
                     mamori_store_query_int (original, "SELECT count(*) FROM asset_search "
                                             "WHERE asset_search MATCH 'A0'", -2));
  }
  report = mamori_check_run (coordinator, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->problems->len, ==, 0);

  /* Every import is an event of the audit log. */
  g_assert_cmpint (mt_count_events (mamori_store_get_db (coordinator), "submission-import"), ==,
                   2 * codes->len);

  /* The same file again: nothing to add or change. */
  {
    g_autoptr(MamoriSubmissionPreview) again = import (coordinator, first);

    g_assert_cmpuint (again->added, ==, 0);
    g_assert_cmpuint (again->updated, ==, 0);
    g_assert_cmpuint (again->unchanged, >, 0);
  }
}

static char *
file_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
write_text (const char *path,
            const char *text)
{
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* A record changed here and there: the preview names the field and the import keeps the
 * section's version; a code another record uses blocks. */
static void
test_mismatches (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MamoriStore) original = ward (f->dir, "ward.db", 3, 60, 0, 0, 0, 1);
  g_autoptr(MamoriStore) coordinator = ward (f->dir, "coordinator.db", 3, 0, 0, 0, 0, 0);
  g_autoptr(GPtrArray) codes = section_codes (original);
  g_autoptr(GError) error = NULL;
  int fy = mamori_fiscal_year_current ();
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *changed_path = g_build_filename (f->dir, "changed.xml", NULL);
  g_autoptr(GFile) changed_file = g_file_new_for_path (changed_path);
  g_autoptr(MamoriSubmissionPreview) blocked = NULL;

  open_cycle (coordinator, fy);
  path = export (original, f->dir, codes->pdata[1], fy);
  mamori_submission_preview_free (import (coordinator, path));

  /* The section renames an asset; the coordinator's copy is the older one. */
  text = file_text (path);
  code = g_strdup (strstr (strstr (text, "<asset ") + 7, "code=\"") + 6);
  *strchr (code, '"') = '\0';
  name = g_strdup (strstr (strstr (text, "<asset ") + 7, "name=\"") + 6);
  *strchr (name, '"') = '\0';
  {
    g_autofree char *from = g_strdup_printf ("name=\"%s\"", name);
    changed = mt_replace_once (text, from, "name=\"改名した資産\"");
  }
  write_text (changed_path, changed);
  {
    g_autoptr(MamoriSubmissionPreview) preview =
      mamori_submission_preview_file (coordinator, changed_file, NULL, &error);
    g_autofree char *sql = g_strdup_printf ("SELECT name FROM assets WHERE code = '%s'", code);
    g_autofree char *still = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (preview->n_blocking, ==, 0);
    g_assert_cmpuint (preview->updated, ==, 1);
    g_assert_true (has_mismatch (preview, MAMORI_MISMATCH_CONFLICT, code));
    g_assert_true (has_mismatch (preview, MAMORI_MISMATCH_CONFLICT, "name"));
    still = mamori_store_query_text (coordinator, sql);
    g_assert_cmpstr (still, ==, name);   /* the preview wrote nothing */

    mamori_submission_preview_free (import (coordinator, changed_path));
    g_free (still);
    still = mamori_store_query_text (coordinator, sql);
    g_assert_cmpstr (still, ==, "改名した資産");
  }

  /* The same code under another uuid: blocked, nothing written. */
  {
    g_autofree char *other = mt_replace_once (changed, "<asset uuid=\"",
                                              "<asset uuid=\"0000000");
    g_autofree char *fixed = NULL;
    g_autofree char *head_before = mt_audit_head (mamori_store_get_db (coordinator));
    g_autofree char *head_after = NULL;
    const char *p = strstr (other, "<asset uuid=\"0000000");

    /* Keep the uuid's shape: drop seven characters after the inserted zeros. */
    fixed = g_strdup_printf ("%.*s%s", (int)(p - other) + 20, other, p + 27);
    write_text (changed_path, fixed);
    g_assert_false (mamori_submission_import_file (coordinator, changed_file, NULL, &blocked,
                                                   NULL, &error));
    g_assert_error (error, MAMORI_SUBMISSION_ERROR, MAMORI_SUBMISSION_ERROR_BLOCKED);
    g_assert_true (has_mismatch (blocked, MAMORI_MISMATCH_CODE_TAKEN, code));
    head_after = mt_audit_head (mamori_store_get_db (coordinator));
    g_assert_cmpstr (head_before, ==, head_after);
  }
}

/* A file that must be refused, what the message must name, and whether it reads as a
 * submission at all (the header's mismatches) or not. */
typedef struct
{
  const char *file;
  const char *mentions;
  gboolean    readable;
} Hostile;

static const Hostile hostile[] = {
  { "billion-laughs.xml", "DOCTYPE", FALSE },
  { "external-entity-file.xml", "DOCTYPE", FALSE },
  { "external-entity-http.xml", "DOCTYPE", FALSE },
  { "doctype-alone.xml", "DOCTYPE", FALSE },
  { "wrong-namespace.xml", "not a section submission", FALSE },
  { "truncated.xml", "not well-formed", FALSE },
  { "invalid-utf8.xml", "UTF-8", FALSE },
  { "deep-nesting.xml", "schema", FALSE },
  { "schema-invalid.xml", "'class'", FALSE },
  { "unknown-section.xml", "999999", TRUE },
  { "wrong-catalogue.xml", "SJK-CHK-9.9", TRUE },
  { "huge-text.xml", "huge-text.xml", FALSE },
  { "huge-attribute.xml", "longer than", FALSE },
};

static char *
generate (const char *dir,
          const char *name,
          const char *before,
          gsize       size,
          const char *after)
{
  g_autofree char *base = mt_test_data ("xml-hostile", "schema-invalid.xml", NULL);
  g_autofree char *text = file_text (base);
  char *path = g_build_filename (dir, name, NULL);
  char *cut = strstr (text, "<inventory>") + strlen ("<inventory>");
  FILE *out = fopen (path, "w");

  g_assert_nonnull (out);
  fwrite (text, 1, cut - text, out);
  fputs (before, out);
  for (gsize i = 0; i < size; i++)
    fputc ('A' + i % 26, out);
  fputs (after, out);
  fputs ("</inventory><areas/><contracts/><inspection/></submission>\n", out);
  fclose (out);
  return path;
}

static int
cli_validate (const char *path)
{
  const char *argv[] = { g_getenv ("MAMORI_CLI"), "validate", path, NULL };
  const char *env[] = { "LANG=C.UTF-8", "LC_ALL=C.UTF-8", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, (char **)argv, (char **)env, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("mamori-cli validate %s: %s%s", path, out, err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* Every table a submission writes, and the audit log (the FTS index needs Mamori's tokenizer,
 * which a plain connection lacks; it is rebuilt from assets anyway). */
static const char *const written[] = {
  "assets", "asset_access", "asset_takeouts", "asset_disposals", "areas", "area_measure_notes",
  "area_permits", "area_assets", "area_entries", "area_moves", "area_samples", "contracts",
  "contract_clauses", "contract_checks", "contract_workers", "inspection_sheets",
  "inspection_answers", "inspection_submissions", "audit_log", NULL
};

static char *
fingerprint (sqlite3 *db)
{
  g_autofree char *tables = mt_db_fingerprint (db, written, NULL);
  g_autofree char *head = mt_audit_head (db);

  return g_strconcat (tables, head, NULL);
}

static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MamoriStore) store = ward (f->dir, "ward.db", 3, 30, 0, 0, 0, 1);
  g_autofree char *db_path = g_build_filename (f->dir, "ward.db", NULL);
  sqlite3 *db = mt_sqlite_open (db_path, SQLITE_OPEN_READONLY);
  g_autofree char *before = fingerprint (db);
  g_autofree char *huge_text = generate (f->dir, "huge-text.xml", "", 10 * 1024 * 1024, "");
  g_autofree char *huge_attr =
    generate (f->dir, "huge-attribute.xml",
              "<asset uuid=\"00000000-0000-4000-8000-000000000001\" code=\"H1\" name=\"",
              2 * 1024 * 1024, "\" kind=\"paper\" owner-section=\"010100\" class=\"II\" "
              "status=\"active\" registered-on=\"2024-01-01\"/>");

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      const Hostile *h = &hostile[i];
      g_autofree char *path = g_str_has_prefix (h->file, "huge")
                              ? g_build_filename (f->dir, h->file, NULL)
                              : mt_test_data ("xml-hostile", h->file, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(MamoriSubmissionPreview) preview = NULL;
      g_autoptr(GBytes) bytes = mt_file_bytes (path);
      g_autoptr(MamoriStandardInfo) info = NULL;
      g_autofree char *after = NULL;
      gboolean named = FALSE;

      g_test_message ("%s", h->file);
      g_assert_false (mamori_submission_import_file (store, file, NULL, &preview, NULL, &error));
      g_assert_nonnull (error);
      g_test_message ("  %s", error->message);
      if (h->readable)
        {
          g_assert_error (error, MAMORI_SUBMISSION_ERROR, MAMORI_SUBMISSION_ERROR_BLOCKED);
          g_assert_nonnull (preview);
          g_assert_cmpuint (preview->n_blocking, >, 0);
          for (guint j = 0; j < preview->mismatches->len; j++)
            {
              MamoriMismatch *m = g_ptr_array_index (preview->mismatches, j);

              g_test_message ("  %s", m->message);
              named = named || (m->blocking && strstr (m->message, h->mentions) != NULL);
            }
        }
      else
        {
          g_assert_null (preview);
          g_assert_true (error->domain == MAMORI_XML_ERROR);
          named = strstr (error->message, h->mentions) != NULL;
          /* Every message names the file. */
          {
            g_autofree char *base = g_path_get_basename (path);
            g_assert_nonnull (strstr (error->message, base));
          }
        }
      g_assert_true (named);

      /* Nothing written, nothing half-written. */
      after = fingerprint (db);
      g_assert_cmpstr (before, ==, after);

      /* The other readers that share the safe reader refuse it too. */
      g_assert_false (mamori_inventory_validate_xml_file (path, NULL, NULL, NULL));
      info = mamori_standard_validate_bytes (bytes, h->file, NULL, NULL);
      g_assert_null (info);
      if (!h->readable)
        {
          g_autoptr(GError) validate_error = NULL;

          g_assert_false (mamori_submission_validate_file (file, NULL, NULL, &validate_error));
          g_assert_nonnull (validate_error);
          g_assert_cmpint (cli_validate (path), ==, 1);
        }
    }

  /* The size bound is the caller's to choose. */
  {
    g_autofree char *path = mt_test_data ("xml-hostile", "unknown-section.xml", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;
    MamoriSubmissionImportOptions options;

    mamori_submission_import_options_init (&options);
    options.max_file_size = 100;
    g_assert_false (mamori_submission_import_file (store, file, &options, NULL, NULL, &error));
    g_assert_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_TOO_LARGE);
  }
  sqlite3_close (db);
}

int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);
  MT_ADD ("/submission/round-trip", Fixture, setup, test_round_trip, teardown);
  MT_ADD ("/submission/mismatches", Fixture, setup, test_mismatches, teardown);
  MT_ADD ("/submission/hostile", Fixture, setup, test_hostile, teardown);
  return g_test_run ();
}
