/* test-standard.c — the security standard as data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shipped Shinjuku standard loads with the shape it has on paper; a second, different
 * standard (sakura.xml) loads beside it and takes over, names and all, which proves that
 * nothing of Shinjuku is written in the code; and every hostile file is refused with a
 * message naming it while the database stays exactly as it was.
 */

#include "config.h"

#include "mamori-test-utils.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>
#include <unistd.h>

/* The section-officer role, which Mamori requires and minimal.xml lacks (see the report of
 * test_minimal_lacks_section_officer). */
#define OFFICER_ROLE \
  "<role code=\"長\" function=\"chief\" name=\"市長\"/>\n" \
  "    <role code=\"責\" function=\"section-officer\" name=\"所属長\"/>"

typedef struct
{
  char        *dir;
  MamoriStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = mt_tmpdir_new ();
  f->store = mt_store_new (f->dir, "t.db");
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

static sqlite3 *
db_of (Fixture *f)
{
  return mamori_store_get_db (f->store);
}

static gint64
load_file (Fixture    *f,
           const char *path,
           gboolean    activate)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (mamori_standard_load_file (f->store, path, activate, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
load_shinjuku (Fixture *f)
{
  g_autofree char *path = mt_shipped_standard ("shinjuku.xml");

  return load_file (f, path, TRUE);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* minimal.xml with a section-officer role: the smallest standard Mamori accepts. */
static char *
minimal_with_officer (void)
{
  g_autofree char *path = mt_test_data ("standards", "minimal.xml", NULL);
  g_autofree char *text = read_text (path);

  return mt_replace_once (text, "<role code=\"長\" function=\"chief\" name=\"市長\"/>",
                          OFFICER_ROLE);
}

static gboolean
load_text (Fixture     *f,
           const char  *text,
           const char  *name,
           gint64      *out_id,
           GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return mamori_standard_load_bytes (f->store, bytes, name, TRUE, out_id, error);
}

static gint64
count_for (Fixture    *f,
           const char *sql_format,
           ...) G_GNUC_PRINTF (2, 3);

static gint64
count_for (Fixture    *f,
           const char *sql_format,
           ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, sql_format);
  sql = g_strdup_vprintf (sql_format, args);
  va_end (args);
  return mt_sqlite_int (db_of (f), sql);
}

/* Rows of @table (which may carry an alias) of the standard @id that match @where. */
static gint64
rows (Fixture    *f,
      const char *table,
      gint64      id,
      const char *where)
{
  return count_for (f, "SELECT count (*) FROM %s WHERE standard_id = %" G_GINT64_FORMAT
                       " AND (%s)", table, id, where);
}

/* What a file says, read with libxml2 directly rather than written into the test. */
static char *
xpath_string (const char *path,
              const char *expression)
{
  xmlDoc *doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
  xmlXPathContext *ctx;
  xmlXPathObject *result;
  char *value;

  g_assert_nonnull (doc);
  ctx = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (ctx, BAD_CAST "m", BAD_CAST MAMORI_STANDARD_NAMESPACE);
  result = xmlXPathEvalExpression (BAD_CAST expression, ctx);
  g_assert_nonnull (result);
  {
    xmlChar *s = xmlXPathCastToString (result);
    value = g_strdup ((const char *)s);
    xmlFree (s);
  }
  xmlXPathFreeObject (result);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return value;
}

/* Shinjuku ------------------------------------------------------------------------------------ */

static void
test_shinjuku_counts (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriStandardInfo) info = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *criteria = NULL;
  gint64 id = load_shinjuku (f);

  info = mamori_standard_get_info (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->id, ==, id);
  g_assert_cmpstr (info->code, ==, "shinjuku");
  g_assert_cmpint (info->n_articles, ==, 224);
  g_assert_cmpint (info->n_items, ==, 118);
  g_assert_cmpint (info->n_clauses, ==, 21);
  g_assert_cmpuint (strlen (info->sha256), ==, 64);
  g_assert_cmpint (mamori_standard_get_active_id (f->store), ==, id);

  /* The contract clauses: 17 for outsourcing (12 of them mandatory), 4 for dispatch (all). */
  g_assert_cmpint (rows (f, "clauses", id, "kind = 'outsourcing'"), ==, 17);
  g_assert_cmpint (rows (f, "clauses", id, "kind = 'outsourcing' AND mandatory = 1"), ==, 12);
  g_assert_cmpint (rows (f, "clauses", id, "kind = 'dispatch'"), ==, 4);
  g_assert_cmpint (rows (f, "clauses", id, "kind = 'dispatch' AND mandatory = 1"), ==, 4);
  g_assert_cmpint (rows (f, "operational_checks", id, "1"), ==, 2);

  /* Classification: class I needs one of five criteria ア〜オ; class II. */
  g_assert_cmpint (rows (f, "classification_classes", id, "1"), ==, 2);
  g_assert_cmpint (rows (f, "classification_classes", id, "rank = 1 AND requires_criterion = 1"),
                   ==, 1);
  g_assert_cmpint (rows (f, "classification_criteria", id, "class_code = 'I'"), ==, 5);
  criteria = mt_sqlite_text (db_of (f), "SELECT group_concat (code, '') FROM (SELECT code FROM "
                                        "classification_criteria ORDER BY ordinal)");
  g_assert_cmpstr (criteria, ==, "アイウエオ");

  /* Managed areas: two classes, with 4 and 1 measures. */
  g_assert_cmpint (rows (f, "area_classes", id, "1"), ==, 2);
  g_assert_cmpint (rows (f, "area_measures AS m", id, "area_class = (SELECT code FROM area_classes "
                         "AS c WHERE c.standard_id = m.standard_id AND c.rank = 1)"), ==, 4);
  g_assert_cmpint (rows (f, "area_measures AS m", id, "area_class = (SELECT code FROM area_classes "
                         "AS c WHERE c.standard_id = m.standard_id AND c.rank = 2)"), ==, 1);

  /* Incident response: six steps ア〜カ in order. */
  steps = mt_sqlite_text (db_of (f), "SELECT group_concat (code, '') FROM (SELECT code FROM "
                                     "incident_steps ORDER BY ordinal)");
  g_assert_cmpstr (steps, ==, "アイウエオカ");

  /* Roles: seven, one per function, named as the standard names them. */
  g_assert_cmpint (rows (f, "standard_roles", id, "1"), ==, 7);
  g_assert_cmpint (count_for (f, "SELECT count (DISTINCT function) FROM standard_roles WHERE "
                                 "standard_id = %" G_GINT64_FORMAT, id), ==, 7);
  {
    g_autofree char *officer = mamori_standard_role_name (f->store, "section-officer");
    g_autofree char *chief = mamori_standard_role_name (f->store, "chief");
    g_autofree char *none = mamori_standard_role_name (f->store, "auditor");

    g_assert_cmpstr (officer, ==, "情報セキュリティ責任者");
    g_assert_cmpstr (chief, ==, "情報化統括管理者");
    g_assert_null (none);
  }

  /* Every item cites at least one article, names a respondent, and uses a known scale. */
  g_assert_cmpint (rows (f, "catalogue_items AS i", id,
                         "NOT EXISTS (SELECT 1 FROM item_citations WHERE item_id = i.id) "
                         "OR NOT EXISTS (SELECT 1 FROM item_respondents WHERE item_id = i.id) "
                         "OR NOT EXISTS (SELECT 1 FROM answer_options AS o "
                         "  WHERE o.standard_id = i.standard_id AND o.scale = i.scale)"),
                   ==, 0);

  /* Loading is an audited event carrying the file's hash. */
  g_assert_cmpint (mt_count_events (db_of (f), "standard"), ==, 1);
  {
    g_autofree char *sha = mt_sqlite_text (db_of (f), "SELECT json_extract (after, '$.sha256') "
                                                      "FROM audit_log WHERE tbl = 'standard'");
    g_assert_cmpstr (sha, ==, info->sha256);
  }
}

/* Coverage: every duty has an item ----------------------------------------------------------- */

static void
assert_uncovered_empty (Fixture *f,
                        gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uncovered = mamori_standard_uncovered_duties (f->store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (uncovered);
  for (guint i = 0; i < uncovered->len; i++)
    g_test_message ("uncovered: %s", (const char *)g_ptr_array_index (uncovered, i));
  g_assert_cmpuint (uncovered->len, ==, 0);
}

static void
test_coverage (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sakura = mt_test_data ("standards", "sakura.xml", NULL);
  g_autofree char *minimal = minimal_with_officer ();
  g_autofree char *uncited = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *step = NULL;
  g_autoptr(GPtrArray) uncovered = NULL;
  gint64 shinjuku_id, sakura_id, minimal_id = 0, uncited_id = 0;

  shinjuku_id = load_shinjuku (f);
  sakura_id = load_file (f, sakura, FALSE);
  /* Both have duties to cover: the check has something to look at. */
  g_assert_cmpint (count_for (f, "SELECT count (*) FROM articles WHERE duty = 1 AND standard_id = %"
                                 G_GINT64_FORMAT, shinjuku_id), >, 50);
  g_assert_cmpint (count_for (f, "SELECT count (*) FROM articles WHERE duty = 1 AND standard_id = %"
                                 G_GINT64_FORMAT, sakura_id), >, 3);
  assert_uncovered_empty (f, shinjuku_id);
  assert_uncovered_empty (f, sakura_id);

  /* minimal.xml as it is (with the officer role): its one duty, 第1, is cited. */
  g_assert_true (load_text (f, minimal, "minimal.xml", &minimal_id, &error));
  g_assert_no_error (error);
  assert_uncovered_empty (f, minimal_id);

  /* Edited so that its only item cites a new article without a duty instead of 第1: the
   * coverage check must now name 第1.  (Another code, so that it loads beside the first.) */
  renamed = mt_replace_once (minimal, "code=\"minimal\"", "code=\"minimal-uncited\"");
  step = mt_replace_once (renamed, "    </article>\n  </articles>",
                          "    </article>\n"
                          "    <article ref=\"第2\" number=\"第2\">\n"
                          "      <text>この基準は、市の全ての機関に適用する。</text>\n"
                          "    </article>\n  </articles>");
  uncited = mt_replace_once (step, "<cite ref=\"第1\"/>", "<cite ref=\"第2\"/>");
  g_assert_true (load_text (f, uncited, "minimal-uncited.xml", &uncited_id, &error));
  g_assert_no_error (error);
  uncovered = mamori_standard_uncovered_duties (f->store, uncited_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uncovered->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (uncovered, 0), ==, "第1");

  /* Shinjuku has duty articles that no item cites directly, covered only through a cited
   * sub-article: the check above did rely on that rule. */
  g_assert_cmpint (count_for (f, "SELECT count (*) FROM articles AS a WHERE standard_id = %"
                                 G_GINT64_FORMAT " AND duty = 1 AND NOT EXISTS (SELECT 1 FROM "
                                 "item_citations AS c JOIN catalogue_items AS i "
                                 "ON i.id = c.item_id "
                                 "WHERE i.standard_id = a.standard_id AND c.ref = a.ref)",
                              shinjuku_id), >, 0);
}

static void
test_duty_sentences (void)
{
  static const struct { const char *text; gboolean duty; } cases[] = {
    { "職員は、情報資産を適切に管理しなければならない。", TRUE },
    { "私物のパソコンを業務に使用してはならない。", TRUE },
    { "情報セキュリティ責任者は、管理区域を定めるものとする。", TRUE },
    { "職員は、研修の受講に努めなければならない。", TRUE },
    { "この基準は、区の全ての職員に適用する。", FALSE },
    { "情報システム管理者は、必要に応じて記録を確認することができる。", FALSE },
    { "この基準で定めるものである。", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (mamori_standard_text_imposes_duty (cases[i].text), ==, cases[i].duty);
    }
  g_assert_false (mamori_standard_text_imposes_duty (NULL));
}

/* Loading twice, conflicts, a second standard ------------------------------------------------ */

static const char *const standard_tables[] = {
  "standards", "standard_revisions", "standard_roles", "articles", "classification_classes",
  "classification_criteria", "area_classes", "area_measures", "incident_steps",
  "answer_options", "catalogue_items", "item_citations", "item_respondents", "clause_sets",
  "clauses", "operational_checks", "operational_check_citations", NULL,
};

static void
test_load_twice (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = mt_shipped_standard ("shinjuku.xml");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 first, second, events;

  first = load_file (f, path, TRUE);
  before = mt_db_fingerprint (db_of (f), standard_tables, NULL);
  events = mt_sqlite_int (db_of (f), "SELECT count (*) FROM audit_log WHERE tbl = 'standard'");
  second = load_file (f, path, TRUE);
  after = mt_db_fingerprint (db_of (f), standard_tables, NULL);

  g_assert_cmpint (first, ==, second);
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM standards"), ==, 1);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (mamori_standard_get_active_id (f->store), ==, first);
  /* Loading the standard already in use changed nothing, so nothing is recorded. */
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM audit_log "
                                             "WHERE tbl = 'standard'"), ==, events);
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *minimal = minimal_with_officer ();
  g_autofree char *changed = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id = 0, other = 0;

  g_assert_true (load_text (f, minimal, "minimal.xml", &id, &error));
  g_assert_no_error (error);
  before = mt_db_fingerprint (db_of (f), NULL, NULL);

  /* Same code, version and catalogue version; one question reworded. */
  changed = mt_replace_once (minimal, "情報資産を適切に管理しているか。",
                             "情報資産を台帳で管理しているか。");
  g_assert_false (load_text (f, changed, "minimal-v1-changed.xml", &other, &error));
  g_assert_error (error, MAMORI_STANDARD_ERROR, MAMORI_STANDARD_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "minimal-v1-changed.xml"));
  g_assert_cmpint (other, ==, 0);

  after = mt_db_fingerprint (db_of (f), NULL, NULL);
  g_assert_cmpstr (before, ==, after);
}

static void
test_second_standard (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *sakura = mt_test_data ("standards", "sakura.xml", NULL);
  g_autofree char *officer_in_file = NULL;
  g_autofree char *staff_in_file = NULL;
  g_autofree char *officer = NULL;
  g_autofree char *staff = NULL;
  g_autofree char *coordinator = NULL;
  g_autoptr(MamoriStandardInfo) info = NULL;
  gint64 shinjuku_id, sakura_id;

  shinjuku_id = load_shinjuku (f);
  sakura_id = load_file (f, sakura, TRUE);
  g_assert_cmpint (sakura_id, !=, shinjuku_id);

  /* Sakura is active; Shinjuku stays loaded, inactive, whole. */
  g_assert_cmpint (mamori_standard_get_active_id (f->store), ==, sakura_id);
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM standards"), ==, 2);
  g_assert_cmpint (count_for (f, "SELECT active FROM standards WHERE id = %" G_GINT64_FORMAT,
                              shinjuku_id), ==, 0);
  g_assert_cmpint (count_for (f, "SELECT count (*) FROM articles WHERE standard_id = %"
                                 G_GINT64_FORMAT, shinjuku_id), ==, 224);
  info = mamori_standard_get_info (f->store, 0, NULL);
  g_assert_cmpstr (info->code, ==, "sakura");

  /* The names are the file's, whatever they are. */
  officer_in_file = xpath_string (sakura,
                                  "string(//m:roles/m:role[@function='section-officer']/@name)");
  staff_in_file = xpath_string (sakura, "string(//m:roles/m:role[@function='staff']/@name)");
  g_assert_cmpstr (officer_in_file, !=, "");
  officer = mamori_standard_role_name (f->store, "section-officer");
  staff = mamori_standard_role_name (f->store, "staff");
  g_assert_cmpstr (officer, ==, officer_in_file);
  g_assert_cmpstr (staff, ==, staff_in_file);
  g_assert_cmpstr (officer, !=, "情報セキュリティ責任者");
  /* Sakura names no coordinator: nothing is made up. */
  coordinator = mamori_standard_role_name (f->store, "coordinator");
  g_assert_null (coordinator);

  /* The classification is the active standard's: Sakura's three classes, highest first. */
  {
    g_autoptr(GPtrArray) classes = mamori_standard_list_classes (f->store);
    g_autoptr(GPtrArray) criteria = mamori_standard_list_criteria (f->store, "3");
    g_autoptr(GPtrArray) none = mamori_standard_list_criteria (f->store, "1");
    g_autoptr(GPtrArray) unknown = mamori_standard_list_criteria (f->store, NULL);
    MamoriClassification *c;

    g_assert_cmpuint (classes->len, ==, 3);
    c = g_ptr_array_index (classes, 0);
    g_assert_cmpstr (c->code, ==, "3");
    g_assert_cmpstr (c->text, ==, "機密性3");
    g_assert_cmpstr (c->ref, ==, "第2-1");
    g_assert_cmpstr (((MamoriClassification *)g_ptr_array_index (classes, 2))->code, ==, "1");
    g_assert_cmpuint (criteria->len, ==, 3);
    c = g_ptr_array_index (criteria, 0);
    g_assert_cmpstr (c->code, ==, "a");
    g_assert_cmpstr (c->ref, ==, "第2-1-(a)");
    g_assert_cmpstr (c->text, !=, "");
    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpuint (unknown->len, ==, 0);
  }

  /* Loading Shinjuku again makes it active again, without a second copy. */
  g_assert_cmpint (load_shinjuku (f), ==, shinjuku_id);
  g_assert_cmpint (mamori_standard_get_active_id (f->store), ==, shinjuku_id);
  {
    g_autoptr(GPtrArray) classes = mamori_standard_list_classes (f->store);
    g_autoptr(GPtrArray) criteria = mamori_standard_list_criteria (f->store, "I");

    g_assert_cmpuint (classes->len, ==, 2);
    g_assert_cmpstr (((MamoriClassification *)g_ptr_array_index (classes, 0))->text, ==,
                     "重要性分類Ⅰ");
    g_assert_cmpuint (criteria->len, ==, 5);
    g_assert_cmpstr (((MamoriClassification *)g_ptr_array_index (criteria, 1))->code, ==, "イ");
  }
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM standards"), ==, 2);
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM standards WHERE active = 1"),
                   ==, 1);
  {
    g_autoptr(MamoriCheckReport) report = mamori_check_run (f->store, NULL, NULL);
    g_assert_cmpuint (report->problems->len, ==, 0);
  }
}

static void
test_load_default (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriStandardInfo) info = NULL;
  g_autoptr(GBytes) shipped = NULL;
  g_autofree char *path = mt_shipped_standard ("shinjuku.xml");
  g_autofree char *sha = NULL;
  gint64 events;

  g_assert_cmpint (mamori_standard_get_active_id (f->store), ==, 0);
  info = mamori_standard_get_info (f->store, 0, &error);
  g_assert_error (error, MAMORI_STANDARD_ERROR, MAMORI_STANDARD_ERROR_NONE_LOADED);
  g_assert_null (info);
  g_clear_error (&error);

  g_assert_true (mamori_standard_load_default (f->store, &error));
  g_assert_no_error (error);
  info = mamori_standard_get_info (f->store, 0, &error);
  g_assert_no_error (error);
  /* The built-in standard is data/standards/shinjuku.xml, byte for byte. */
  shipped = mt_file_bytes (path);
  sha = mamori_sha256_hex (g_bytes_get_data (shipped, NULL), g_bytes_get_size (shipped));
  g_assert_cmpstr (info->sha256, ==, sha);
  g_assert_cmpstr (info->code, ==, "shinjuku");

  /* ensure_loaded does nothing when a standard is active. */
  events = mt_sqlite_int (db_of (f), "SELECT count (*) FROM audit_log");
  g_assert_true (mamori_standard_ensure_loaded (f->store, &error));
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM audit_log"), ==, events);
}

/* Refused files -------------------------------------------------------------------------------- */

static void
test_minimal_lacks_section_officer (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = mt_test_data ("standards", "minimal.xml", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  load_shinjuku (f);
  before = mt_db_fingerprint (db_of (f), NULL, NULL);

  /* Valid against the schema, but Mamori needs to know who answers for a section: refused
   * by the consistency check, after its rows were written inside the transaction — which
   * must leave nothing behind. */
  g_assert_false (mamori_standard_load_file (f->store, path, TRUE, NULL, &error));
  g_assert_error (error, MAMORI_STANDARD_ERROR, MAMORI_STANDARD_ERROR_INCONSISTENT);
  g_assert_nonnull (strstr (error->message, "minimal.xml"));
  g_assert_nonnull (strstr (error->message, "section-officer"));
  after = mt_db_fingerprint (db_of (f), NULL, NULL);
  g_assert_cmpstr (before, ==, after);
}

static void
test_inconsistent (Fixture       *f,
                   gconstpointer  data)
{
  static const struct { const char *from, *to, *says; } edits[] = {
    /* two roles with one function */
    { "<role code=\"職員\" function=\"staff\" name=\"職員\"/>",
      "<role code=\"職員\" function=\"staff\" name=\"職員\"/>"
      "<role code=\"臨\" function=\"staff\" name=\"臨時職員\"/>",
      "function “staff”" },
    /* two classes of one rank */
    { "<class code=\"B\" name=\"一般\" ref=\"第1\" rank=\"2\"/>",
      "<class code=\"B\" name=\"一般\" ref=\"第1\" rank=\"1\"/>", "share the rank 1" },
    /* a class that requires a criterion but lists none */
    { "<class code=\"A\" name=\"重要\" ref=\"第1\" rank=\"1\"/>",
      "<class code=\"A\" name=\"重要\" ref=\"第1\" rank=\"1\" requires-criterion=\"true\"/>",
      "class A requires a criterion" },
    /* a scale without an answer meaning complied */
    { "meaning=\"complied\"", "meaning=\"partial\"", "scale S must have" },
    /* a mandatory clause that cites no article */
    { "<clause-sets/>",
      "<clause-sets><clause-set kind=\"outsourcing\" ref=\"第1\"><title>委託</title>"
      "<clause code=\"C1\" mandatory=\"true\"><text>秘密を守ること。</text></clause>"
      "</clause-set></clause-sets>", "clause C1 is mandatory" },
  };
  g_autofree char *minimal = minimal_with_officer ();
  g_autofree char *before = NULL;

  load_shinjuku (f);
  before = mt_db_fingerprint (db_of (f), NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = mt_replace_once (minimal, edits[i].from, edits[i].to);
      g_autofree char *after = NULL;

      g_assert_false (load_text (f, text, "broken.xml", NULL, &error));
      g_test_message ("edit %u: %s", i, error->message);
      g_assert_error (error, MAMORI_STANDARD_ERROR, MAMORI_STANDARD_ERROR_INCONSISTENT);
      g_assert_nonnull (strstr (error->message, "broken.xml"));
      g_assert_nonnull (strstr (error->message, edits[i].says));
      after = mt_db_fingerprint (db_of (f), NULL, NULL);
      g_assert_cmpstr (before, ==, after);
    }
}

typedef struct
{
  const char *file;
  GQuark      domain;
  int         code;
} Expected;

static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  /* Each file must fail for its own reason, not for one they happen to share. */
  const Expected expected[] = {
    { "billion-laughs.xml", MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNSAFE },
    { "doctype-xxe.xml", MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNSAFE },
    { "external-dtd.xml", MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNSAFE },
    { "dangling-cite.xml", MAMORI_XML_ERROR, MAMORI_XML_ERROR_INVALID },
    { "duplicate-ref.xml", MAMORI_XML_ERROR, MAMORI_XML_ERROR_INVALID },
    { "unknown-role.xml", MAMORI_XML_ERROR, MAMORI_XML_ERROR_INVALID },
    { "schema-invalid.xml", MAMORI_XML_ERROR, MAMORI_XML_ERROR_INVALID },
    { "huge-text.xml", MAMORI_XML_ERROR, MAMORI_XML_ERROR_INVALID },
    { "deep-nesting.xml", MAMORI_XML_ERROR, MAMORI_XML_ERROR_MALFORMED },
    { "empty.xml", MAMORI_XML_ERROR, MAMORI_XML_ERROR_MALFORMED },
    { "not-xml.xml", MAMORI_XML_ERROR, MAMORI_XML_ERROR_MALFORMED },
    { "truncated.xml", MAMORI_XML_ERROR, MAMORI_XML_ERROR_MALFORMED },
    { "invalid-utf8.xml", MAMORI_XML_ERROR, MAMORI_XML_ERROR_MALFORMED },
    { "wrong-namespace.xml", MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNKNOWN },
  };
  g_autofree char *hostile = mt_test_data ("standards", "hostile", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autofree char *before = NULL;
  const char *name;
  guint seen = 0;

  /* A database with something in it, so that "unchanged" means something. */
  load_shinjuku (f);
  before = mt_db_fingerprint (db_of (f), NULL, NULL);

  dir = g_dir_open (hostile, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (hostile, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(MamoriStandardInfo) info = NULL;
      g_autofree char *after = NULL;
      const Expected *e = NULL;
      gint64 id = -1;

      for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
        if (g_str_equal (expected[i].file, name))
          e = &expected[i];
      if (e == NULL)
        g_error ("hostile/%s is new: add what it must fail with to this test", name);
      seen++;

      g_assert_false (mamori_standard_load_file (f->store, path, TRUE, &id, &error));
      g_assert_nonnull (error);
      g_test_message ("%s: %s", name, error->message);
      g_assert_error (error, e->domain, e->code);
      g_assert_nonnull (strstr (error->message, name));
      g_assert_null (strchr (error->message, '\n'));
      g_assert_cmpint (id, ==, -1);
      /* Nothing of /etc/passwd made it anywhere. */
      g_assert_null (strstr (error->message, "root:"));

      after = mt_db_fingerprint (db_of (f), NULL, NULL);
      g_assert_cmpstr (before, ==, after);
      g_assert_false (mamori_store_in_transaction (f->store));

      /* Validation without a database refuses it the same way. */
      g_clear_error (&error);
      bytes = mt_file_bytes (path);
      info = mamori_standard_validate_bytes (bytes, name, NULL, &error);
      g_assert_null (info);
      g_assert_error (error, e->domain, e->code);
    }
  g_assert_cmpuint (seen, ==, G_N_ELEMENTS (expected));

  /* The store still works. */
  g_assert_true (mamori_org_add_section (f->store, "X", "総務部", NULL, 0, NULL, NULL));
}

static void
test_validate_bytes (void)
{
  g_autofree char *dir = mt_tmpdir_new ();
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *path = mt_shipped_standard ("shinjuku.xml");
  g_autofree char *data_dir_entry = g_build_filename (g_get_user_data_dir (), "mamori", NULL);
  g_autoptr(GBytes) bytes = mt_file_bytes (path);
  g_autoptr(GPtrArray) uncovered = NULL;
  g_autoptr(MamoriStandardInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  /* Run where any stray file would show. */
  g_assert_cmpint (g_chdir (dir), ==, 0);
  info = mamori_standard_validate_bytes (bytes, "shinjuku.xml", &uncovered, &error);
  g_assert_cmpint (g_chdir (cwd), ==, 0);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->code, ==, "shinjuku");
  g_assert_cmpint (info->n_articles, ==, 224);
  g_assert_cmpint (info->n_items, ==, 118);
  g_assert_cmpint (info->n_clauses, ==, 21);
  g_assert_nonnull (uncovered);
  g_assert_cmpuint (uncovered->len, ==, 0);

  /* Nothing on disk: not where it ran, not the default database. */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    g_assert_null (g_dir_read_name (d));
  }
  g_assert_false (g_file_test (data_dir_entry, G_FILE_TEST_EXISTS));

  /* And it reports uncovered duties of a file that has some. */
  {
    g_autofree char *minimal = minimal_with_officer ();
    g_autofree char *step = mt_replace_once (minimal, "    </article>\n  </articles>",
                                             "    </article>\n"
                                             "    <article ref=\"第2\" number=\"第2\"/>\n"
                                             "  </articles>");
    g_autofree char *uncited = mt_replace_once (step, "<cite ref=\"第1\"/>", "<cite ref=\"第2\"/>");
    g_autoptr(GBytes) b = g_bytes_new (uncited, strlen (uncited));
    g_autoptr(GPtrArray) u = NULL;
    g_autoptr(MamoriStandardInfo) i = mamori_standard_validate_bytes (b, "u.xml", &u, &error);

    g_assert_no_error (error);
    g_assert_nonnull (i);
    g_assert_cmpuint (u->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (u, 0), ==, "第1");
  }

  mt_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);

  ADD ("/standard/shinjuku/counts", test_shinjuku_counts);
  ADD ("/standard/coverage", test_coverage);
  mt_add_func ("/standard/duty-sentences", test_duty_sentences);
  ADD ("/standard/load-twice", test_load_twice);
  ADD ("/standard/conflict", test_conflict);
  ADD ("/standard/second-standard", test_second_standard);
  ADD ("/standard/load-default", test_load_default);
  ADD ("/standard/refused/minimal-lacks-section-officer", test_minimal_lacks_section_officer);
  ADD ("/standard/refused/inconsistent", test_inconsistent);
  ADD ("/standard/refused/hostile", test_hostile);
  mt_add_func ("/standard/validate-bytes", test_validate_bytes);

  return g_test_run ();
}
