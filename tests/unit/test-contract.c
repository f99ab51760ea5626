/* test-contract.c — contracts (委託契約), their clause checklists and status rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test runs against a store with the built-in standard loaded and two sections.  A
 * refused write must leave the whole database exactly as it was (fingerprint), and after
 * the successful ones mamori_check_run must find nothing wrong: every write went through
 * the audit log.
 */

#include "config.h"

#include "mamori-test-utils.h"

#include <string.h>

typedef struct
{
  char        *dir;
  MamoriStore *store;
  gint64       soumu;
  gint64       jinji;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 department;

  f->dir = mt_tmpdir_new ();
  f->store = mt_store_new (f->dir, "t.db");
  mamori_store_set_actor (f->store, "契約係 山田");
  g_assert_true (mamori_standard_load_default (f->store, &error));
  g_assert_true (mamori_org_add_section (f->store, "010000", "総務部", "そうむぶ", 0,
                                         &department, &error));
  g_assert_true (mamori_org_add_section (f->store, "010100", "総務課", "そうむか", department,
                                         &f->soumu, &error));
  g_assert_true (mamori_org_add_section (f->store, "010200", "人事課", "じんじか", department,
                                         &f->jinji, &error));
  g_assert_no_error (error);
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

static void
assert_checks_clean (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriCheckReport) report = mamori_check_run (f->store, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("check: %s", (const char *)g_ptr_array_index (report->problems, i));
  g_assert_cmpuint (report->problems->len, ==, 0);
}

static gint64
add_contract (Fixture    *f,
              const char *number,
              const char *kind,
              gint64      section,
              const char *starts_on,
              const char *ends_on)
{
  g_autoptr(GError) error = NULL;
  MamoriContract c = { 0 };
  gint64 id = 0;

  c.number = (char *)number;
  c.title = (char *)"住民記録システム保守業務委託";
  c.vendor = (char *)"株式会社みどり情報システム";
  c.section_id = section;
  c.kind = (char *)kind;
  c.starts_on = (char *)starts_on;
  c.ends_on = (char *)ends_on;
  c.responsible = (char *)"高橋 一郎";
  g_assert_true (mamori_contract_insert (f->store, &c, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Answers every mandatory clause "stated" but the one with @skip_code (NULL: none). */
static void
state_all_but (Fixture    *f,
               gint64      id,
               const char *skip_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clauses = mamori_contract_list_clauses (f->store, id, &error);

  for (guint i = 0; i < clauses->len; i++)
    {
      MamoriContractClause *c = clauses->pdata[i];
      g_autofree char *article = g_strdup_printf ("第%u条", i + 1);

      if (!c->mandatory || g_strcmp0 (c->code, skip_code) == 0)
        continue;
      g_assert_true (mamori_contract_answer (f->store, c->id, "stated", article, "", &error));
      g_assert_no_error (error);
    }
}

static MamoriContractClause *
clause_by_code (GPtrArray  *clauses,
                const char *code)
{
  for (guint i = 0; i < clauses->len; i++)
    if (g_strcmp0 (((MamoriContractClause *)clauses->pdata[i])->code, code) == 0)
      return clauses->pdata[i];
  g_assert_not_reached ();
}

/* Tests ------------------------------------------------------------------------------------- */

static void
test_steps (void)
{
  static const struct { const char *from, *to; gboolean allowed; } cases[] = {
    { "draft", "checked", TRUE }, { "draft", "concluded", TRUE }, { "draft", "ended", FALSE },
    { "checked", "draft", TRUE }, { "checked", "concluded", TRUE }, { "checked", "ended", FALSE },
    { "concluded", "ended", TRUE }, { "concluded", "draft", FALSE },
    { "concluded", "checked", FALSE }, { "ended", "concluded", FALSE }, { "ended", "draft", FALSE },
    { "draft", "draft", FALSE }, { "draft", "signed", FALSE }, { NULL, "draft", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (mamori_contract_step_allowed (cases[i].from, cases[i].to), ==,
                     cases[i].allowed);
  g_assert_true (mamori_contract_is_locked ("concluded"));
  g_assert_true (mamori_contract_is_locked ("ended"));
  g_assert_false (mamori_contract_is_locked ("checked"));
}

static void
test_clause_missing (void)
{
  MamoriContractClause c = { 0 };

  c.mandatory = TRUE;
  g_assert_true (mamori_contract_clause_missing (&c));
  c.answer = (char *)"not-stated";
  g_assert_true (mamori_contract_clause_missing (&c));
  c.answer = (char *)"not-applicable";
  c.note = (char *)"　 ";   /* a full-width space is no reason */
  g_assert_true (mamori_contract_clause_missing (&c));
  c.note = (char *)"再委託しない契約のため";
  g_assert_false (mamori_contract_clause_missing (&c));
  c.answer = (char *)"stated";
  g_assert_false (mamori_contract_clause_missing (&c));
  c.mandatory = FALSE;
  c.answer = NULL;
  g_assert_false (mamori_contract_clause_missing (&c));
}

static void
test_checklist_from_standard (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 k = add_contract (f, "委-1", "outsourcing", f->soumu, "2026-04-01", "2027-03-31");
  gint64 h = add_contract (f, "派-1", "dispatch", f->soumu, "2026-04-01", "2027-03-31");
  g_autoptr(GPtrArray) clauses = mamori_contract_list_clauses (f->store, k, &error);
  g_autoptr(GPtrArray) dispatch = mamori_contract_list_clauses (f->store, h, &error);
  g_autoptr(GPtrArray) checks = mamori_contract_list_checks (f->store, k, &error);
  g_autoptr(GPtrArray) missing = mamori_contract_missing (f->store, k, &error);
  guint mandatory = 0;

  /* As many rows as the standard's tables hold, never a number of C's own. */
  g_assert_cmpint (clauses->len, ==,
                   mt_sqlite_int (db_of (f), "SELECT count (*) FROM clauses WHERE kind = 'outsourcing'"));
  for (guint i = 0; i < clauses->len; i++)
    mandatory += ((MamoriContractClause *)clauses->pdata[i])->mandatory;
  g_assert_cmpuint (mandatory, ==, 12);
  g_assert_cmpuint (clauses->len, ==, 17);
  /* Mandatory first, in the standard's order; reference-only after, without an article. */
  g_assert_cmpstr (((MamoriContractClause *)clauses->pdata[0])->ref, ==, "第6-5-(1)");
  g_assert_cmpstr (((MamoriContractClause *)clauses->pdata[11])->code, ==, "K-12");
  g_assert_null (((MamoriContractClause *)clauses->pdata[12])->ref);
  g_assert_false (((MamoriContractClause *)clauses->pdata[12])->mandatory);
  g_assert_cmpuint (dispatch->len, ==, 4);
  g_assert_cmpuint (checks->len, ==, 2);
  g_assert_cmpstr (((MamoriContractCheck *)checks->pdata[0])->refs, ==, "第5-4-(4)-ア、第5-5-(4)-ア");
  g_assert_cmpuint (missing->len, ==, 12);
  assert_checks_clean (f);
}

static void
test_conclude_refused_names_clause (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clauses = NULL;
  g_autoptr(MamoriContract) c = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id = add_contract (f, "委-2", "outsourcing", f->soumu, "2026-04-01", "2027-03-31");

  state_all_but (f, id, "K-12");
  before = mt_db_fingerprint (db_of (f), NULL, NULL);

  g_assert_false (mamori_contract_set_status (f->store, id, "concluded", "2026-03-20", &error));
  g_assert_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "第6-5-(12)"));
  g_assert_nonnull (strstr (error->message, "K-12"));
  g_assert_null (strstr (error->message, "第6-5-(11)"));
  g_clear_error (&error);
  /* Checking is refused the same way; nothing was written. */
  g_assert_false (mamori_contract_set_status (f->store, id, "checked", NULL, &error));
  g_assert_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_MISSING);
  g_clear_error (&error);
  after = mt_db_fingerprint (db_of (f), NULL, NULL);
  g_assert_cmpstr (before, ==, after);

  /* 明記なし blocks as much as no answer. */
  clauses = mamori_contract_list_clauses (f->store, id, &error);
  g_assert_true (mamori_contract_answer (f->store, clause_by_code (clauses, "K-12")->id,
                                         "not-stated", "", "", &error));
  g_assert_false (mamori_contract_set_status (f->store, id, "concluded", NULL, &error));
  g_assert_nonnull (strstr (error->message, "第6-5-(12)"));
  g_clear_error (&error);

  /* Reference-only clauses are never required. */
  g_assert_true (mamori_contract_answer (f->store, clause_by_code (clauses, "K-12")->id,
                                         "stated", "第15条", "", &error));
  g_assert_true (mamori_contract_answer (f->store, clause_by_code (clauses, "K-R1")->id,
                                         "not-stated", "", "", &error));
  g_assert_true (mamori_contract_set_status (f->store, id, "checked", NULL, &error));
  g_assert_true (mamori_contract_set_status (f->store, id, "concluded", "2026-03-20", &error));
  g_assert_no_error (error);
  c = mamori_contract_load (f->store, id, &error);
  g_assert_cmpstr (c->status, ==, "concluded");
  g_assert_cmpstr (c->concluded_on, ==, "2026-03-20");
  assert_checks_clean (f);
}

static void
test_not_applicable_needs_reason (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clauses = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  MamoriContractFilter filter = { 0 };
  gint64 id = add_contract (f, "委-3", "outsourcing", f->soumu, "2026-04-01", "2027-03-31");

  state_all_but (f, id, "K-06");
  clauses = mamori_contract_list_clauses (f->store, id, &error);
  g_assert_true (mamori_contract_answer (f->store, clause_by_code (clauses, "K-06")->id,
                                         "not-applicable", "", "", &error));
  g_assert_false (mamori_contract_set_status (f->store, id, "concluded", NULL, &error));
  g_assert_nonnull (strstr (error->message, "第6-5-(6)"));
  g_clear_error (&error);
  /* The list counts it missing the same way (its SQL, not the C rule). */
  filter.missing_only = TRUE;
  rows = mamori_contract_query (f->store, &filter, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((MamoriContractRow *)rows->pdata[0])->missing_codes, ==, "K-06");
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_true (mamori_contract_answer (f->store, clause_by_code (clauses, "K-06")->id,
                                         "not-applicable", "", "単独の作業で再委託の余地がない",
                                         &error));
  rows = mamori_contract_query (f->store, &filter, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_true (mamori_contract_set_status (f->store, id, "concluded", NULL, &error));
  g_assert_no_error (error);
}

static void
test_checked_goes_back_to_draft (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clauses = NULL;
  g_autoptr(MamoriContract) c = NULL;
  gint64 id = add_contract (f, "派-2", "dispatch", f->soumu, "2026-04-01", "2027-03-31");

  state_all_but (f, id, NULL);
  g_assert_true (mamori_contract_set_status (f->store, id, "checked", NULL, &error));
  clauses = mamori_contract_list_clauses (f->store, id, &error);
  g_assert_true (mamori_contract_answer (f->store, clause_by_code (clauses, "H-03")->id,
                                         "not-stated", "", "", &error));
  g_assert_no_error (error);
  c = mamori_contract_load (f->store, id, &error);
  g_assert_cmpstr (c->status, ==, "draft");
  assert_checks_clean (f);
}

static void
test_concluded_is_locked (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clauses = NULL;
  g_autoptr(MamoriContract) c = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id = add_contract (f, "派-3", "dispatch", f->soumu, "2026-04-01", "2027-03-31");

  state_all_but (f, id, NULL);
  g_assert_true (mamori_contract_set_status (f->store, id, "concluded", "2026-03-25", &error));
  clauses = mamori_contract_list_clauses (f->store, id, &error);
  c = mamori_contract_load (f->store, id, &error);
  before = mt_db_fingerprint (db_of (f), NULL, NULL);

  g_assert_false (mamori_contract_answer (f->store, clause_by_code (clauses, "H-01")->id,
                                          "not-stated", "", "", &error));
  g_assert_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_LOCKED);
  g_clear_error (&error);
  g_free (c->title);
  c->title = g_strdup ("書き換え");
  g_assert_false (mamori_contract_update (f->store, c, &error));
  g_assert_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (mamori_contract_delete (f->store, id, &error));
  g_assert_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (mamori_contract_set_status (f->store, id, "draft", NULL, &error));
  g_assert_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_false (mamori_contract_set_status (f->store, id, "ended", "2026-03-01", &error));
  g_assert_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_INVALID);
  g_clear_error (&error);
  after = mt_db_fingerprint (db_of (f), NULL, NULL);
  g_assert_cmpstr (before, ==, after);

  g_assert_true (mamori_contract_set_status (f->store, id, "ended", "2027-03-31", &error));
  g_assert_no_error (error);
  assert_checks_clean (f);
}

static void
test_renewal_reopens (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clauses = NULL;
  g_autoptr(GPtrArray) workers = NULL;
  g_autoptr(MamoriContract) renewed = NULL;
  MamoriContractWorker w = { 0 };
  gint64 id = add_contract (f, "委-4", "outsourcing", f->soumu, "2025-04-01", "2026-03-31");
  gint64 next = 0;

  w.name = (char *)"伊藤 健";
  w.id_shown_on = (char *)"2025-04-01";
  g_assert_true (mamori_contract_add_worker (f->store, id, &w, &error));
  g_assert_false (mamori_contract_add_worker (f->store, id, &w, &error));
  g_assert_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_INVALID);
  g_clear_error (&error);

  /* Only a concluded contract is renewed. */
  g_assert_false (mamori_contract_renew (f->store, id, "委-5", "2026-04-01", "2027-03-31", &next,
                                         &error));
  g_assert_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_TRANSITION);
  g_clear_error (&error);

  state_all_but (f, id, NULL);
  g_assert_true (mamori_contract_set_status (f->store, id, "concluded", "2025-03-25", &error));
  g_assert_true (mamori_contract_renew (f->store, id, "委-5", "2026-04-01", "2027-03-31", &next,
                                        &error));
  g_assert_no_error (error);
  renewed = mamori_contract_load (f->store, next, &error);
  g_assert_cmpstr (renewed->status, ==, "draft");
  g_assert_cmpint (renewed->renewal_of, ==, id);
  g_assert_cmpstr (renewed->renewal_of_number, ==, "委-4");
  g_assert_cmpstr (renewed->vendor, ==, "株式会社みどり情報システム");
  g_assert_cmpstr (renewed->ends_on, ==, "2027-03-31");

  /* Articles kept, answers cleared: the new document is read again. */
  clauses = mamori_contract_list_clauses (f->store, next, &error);
  g_assert_null (clause_by_code (clauses, "K-01")->answer);
  g_assert_cmpstr (clause_by_code (clauses, "K-01")->article, ==, "第1条");
  workers = mamori_contract_list_workers (f->store, next, &error);
  g_assert_cmpuint (workers->len, ==, 1);
  g_assert_null (((MamoriContractWorker *)workers->pdata[0])->id_shown_on);
  g_assert_false (mamori_contract_set_status (f->store, next, "concluded", NULL, &error));
  g_assert_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_MISSING);
  assert_checks_clean (f);
}

static void
test_invalid_fields (Fixture       *f,
                     gconstpointer  data)
{
  static const struct { const char *field, *value, *names; } cases[] = {
    { "number", "", "Contract number" },
    { "number", "委-6", "Contract number" },   /* taken */
    { "title", " ", "Title" },
    { "kind", "lease", "Kind" },
    { "starts_on", "2026-02-30", "Start" },
    { "ends_on", "2025-01-01", "End" },
    { "class_code", "Z", "Class" },
    { "section", "", "Section" },
  };
  g_autofree char *before = NULL;

  add_contract (f, "委-6", "outsourcing", f->soumu, "2026-04-01", "2027-03-31");
  before = mt_db_fingerprint (db_of (f), NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      MamoriContract c = { 0 };

      c.number = (char *)"委-7";
      c.title = (char *)"件名";
      c.vendor = (char *)"事業者";
      c.section_id = f->jinji;
      c.kind = (char *)"outsourcing";
      c.starts_on = (char *)"2026-04-01";
      c.ends_on = (char *)"2027-03-31";
      if (g_str_equal (cases[i].field, "number")) c.number = (char *)cases[i].value;
      if (g_str_equal (cases[i].field, "title")) c.title = (char *)cases[i].value;
      if (g_str_equal (cases[i].field, "kind")) c.kind = (char *)cases[i].value;
      if (g_str_equal (cases[i].field, "starts_on")) c.starts_on = (char *)cases[i].value;
      if (g_str_equal (cases[i].field, "ends_on")) c.ends_on = (char *)cases[i].value;
      if (g_str_equal (cases[i].field, "class_code")) c.class_code = (char *)cases[i].value;
      if (g_str_equal (cases[i].field, "section")) c.section_id = 999;

      g_assert_false (mamori_contract_insert (f->store, &c, NULL, &error));
      g_assert_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_INVALID);
      g_test_message ("%s: %s", cases[i].field, error->message);
      g_assert_true (g_str_has_prefix (error->message, cases[i].names));
      after = mt_db_fingerprint (db_of (f), NULL, NULL);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_documents (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  static const char text[] = "%PDF-1.4\n契約書\n%%EOF\n";
  g_autoptr(GBytes) pdf = g_bytes_new_static (text, strlen (text));
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  gint64 id = add_contract (f, "委-8", "outsourcing", f->soumu, "2026-04-01", "2027-03-31");
  gint64 doc = 0, copy = 0;
  MamoriContractDocument *d;

  g_assert_true (mamori_contract_attach (f->store, id, "/home/a/契約書.pdf", "application/pdf",
                                         pdf, &doc, &error));
  g_assert_true (mamori_contract_attach (f->store, id, "契約書(写).pdf", NULL, pdf, &copy,
                                         &error));
  g_assert_no_error (error);
  docs = mamori_contract_list_documents (f->store, id, &error);
  g_assert_cmpuint (docs->len, ==, 2);
  d = docs->pdata[0];
  g_assert_cmpstr (d->file_name, ==, "契約書.pdf");
  g_assert_cmpstr (d->sha256, ==, sha);
  g_assert_cmpint (d->size, ==, strlen (text));
  /* The same bytes are stored once. */
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM document_blobs"), ==, 1);
  back = mamori_contract_document_bytes (f->store, doc, &error);
  g_assert_true (g_bytes_equal (back, pdf));
  assert_checks_clean (f);

  g_assert_true (mamori_contract_detach (f->store, copy, &error));
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM document_blobs"), ==, 1);
  g_assert_true (mamori_contract_detach (f->store, doc, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM document_blobs"), ==, 0);
  assert_checks_clean (f);

  /* Bytes changed behind Mamori's back are refused, not handed out. */
  g_assert_true (mamori_contract_attach (f->store, id, "契約書.pdf", NULL, pdf, &doc, &error));
  mt_sqlite_exec (db_of (f), "UPDATE document_blobs SET bytes = "
                             "CAST (replace (CAST (bytes AS TEXT), '契約', '合意') AS BLOB)");
  g_clear_pointer (&back, g_bytes_unref);
  back = mamori_contract_document_bytes (f->store, doc, &error);
  g_assert_null (back);
  g_assert_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_INVALID);

  /* … and `check` reads every stored document again and names the changed one. */
  {
    g_autoptr(MamoriCheckReport) report = mamori_check_run (f->store, NULL, NULL);

    g_assert_nonnull (report);
    g_assert_cmpuint (report->problems->len, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 0), "委-8 契約書.pdf"));
  }
}

static void
test_list_and_matrix (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(MamoriContractMatrix) matrix = NULL;
  MamoriContractFilter filter = { 0 };
  gint64 soon = add_contract (f, "委-10", "outsourcing", f->soumu, "2025-04-01", "2026-05-31");
  gint64 later = add_contract (f, "委-11", "outsourcing", f->jinji, "2026-04-01", "2027-03-31");
  gint64 draft = add_contract (f, "派-10", "dispatch", f->jinji, "2026-04-01", "2026-05-01");
  MamoriContractRow *r;

  state_all_but (f, soon, NULL);
  state_all_but (f, later, NULL);
  state_all_but (f, draft, "H-04");
  g_assert_true (mamori_contract_set_status (f->store, soon, "concluded", "2025-03-20", &error));
  g_assert_true (mamori_contract_set_status (f->store, later, "concluded", "2026-03-20", &error));
  g_assert_no_error (error);

  filter.today = g_strdup ("2026-03-31");
  rows = mamori_contract_query (f->store, &filter, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 3);
  g_clear_pointer (&rows, g_ptr_array_unref);

  filter.missing_only = TRUE;
  rows = mamori_contract_query (f->store, &filter, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  r = rows->pdata[0];
  g_assert_cmpstr (r->number, ==, "派-10");
  g_assert_cmpuint (r->missing, ==, 1);
  g_assert_cmpstr (r->missing_codes, ==, "H-04");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Ending within 90 days: concluded ones only (a draft ending soon is not a renewal due). */
  filter.missing_only = FALSE;
  filter.ending_within_days = 90;
  rows = mamori_contract_query (f->store, &filter, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((MamoriContractRow *)rows->pdata[0])->number, ==, "委-10");
  g_clear_pointer (&rows, g_ptr_array_unref);

  filter.ending_within_days = 0;
  filter.section_id = f->jinji;
  filter.kind = g_strdup ("outsourcing");
  rows = mamori_contract_query (f->store, &filter, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((MamoriContractRow *)rows->pdata[0])->number, ==, "委-11");
  g_clear_pointer (&rows, g_ptr_array_unref);

  filter.section_id = 0;
  g_clear_pointer (&filter.kind, g_free);
  filter.text = g_strdup ("みどり");
  rows = mamori_contract_query (f->store, &filter, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 3);
  g_clear_pointer (&filter.text, g_free);

  matrix = mamori_contract_matrix (f->store, "dispatch", &filter, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matrix->codes->len, ==, 4);
  g_assert_cmpuint (matrix->rows->len, ==, 1);
  g_assert_cmpstr (((MamoriContractRow *)matrix->rows->pdata[0])->answers, ==, "SSS?");
  mamori_contract_filter_clear (&filter);
}

static void
test_other_standard (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = mt_test_data ("standards", "sakura.xml", NULL);
  g_autoptr(GPtrArray) clauses = NULL;
  MamoriContract c = { 0 };
  gint64 id;

  g_assert_true (mamori_standard_load_file (f->store, path, TRUE, NULL, &error));
  g_assert_no_error (error);
  id = add_contract (f, "委-20", "outsourcing", f->soumu, "2026-04-01", "2027-03-31");
  clauses = mamori_contract_list_clauses (f->store, id, &error);
  g_assert_cmpuint (clauses->len, ==, 6);
  g_assert_cmpstr (((MamoriContractClause *)clauses->pdata[0])->code, ==, "委1");

  /* This standard has no dispatch clauses: say so rather than enter an empty checklist. */
  c.number = (char *)"派-20";
  c.title = (char *)"派遣";
  c.vendor = (char *)"事業者";
  c.section_id = f->soumu;
  c.kind = (char *)"dispatch";
  c.starts_on = (char *)"2026-04-01";
  c.ends_on = (char *)"2027-03-31";
  g_assert_false (mamori_contract_insert (f->store, &c, NULL, &error));
  g_assert_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_NO_STANDARD);
}

static void
test_staff_in_areas (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) workers = NULL;
  g_autofree char *area_class = mt_sqlite_text (db_of (f), "SELECT code FROM area_classes "
                                                           "ORDER BY rank LIMIT 1");
  MamoriContractWorker w = { 0 };
  MamoriArea area = { 0 };
  MamoriAreaPermit permit = { 0 };
  gint64 id = add_contract (f, "委-30", "outsourcing", f->soumu, "2026-04-01", "2027-03-31");
  gint64 area_id = 0;

  w.name = (char *)"伊藤 健";
  g_assert_true (mamori_contract_add_worker (f->store, id, &w, &error));
  w.name = (char *)"佐藤 誠";
  g_assert_true (mamori_contract_add_worker (f->store, id, &w, &error));
  area.code = (char *)"A-01";
  area.name = (char *)"サーバ室";
  area.class_code = area_class;
  area.section_id = f->soumu;
  area.designated_on = (char *)"2026-04-01";
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_area_insert (f->store, &area, &area_id, &error));
  g_assert_no_error (error);
  /* The area permits 伊藤 健 as contractor staff under this contract, by number and name. */
  permit.area_id = area_id;
  permit.name = (char *)"伊藤 健";
  permit.kind = (char *)"contractor";
  permit.contract_number = (char *)"委-30";
  permit.valid_from = (char *)"2026-04-01";
  g_assert_true (mamori_area_permit_insert (f->store, &permit, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mamori_store_commit (f->store, &error));

  workers = mamori_contract_list_workers (f->store, id, &error);
  g_assert_cmpuint (workers->len, ==, 2);
  for (guint i = 0; i < workers->len; i++)
    {
      MamoriContractWorker *worker = workers->pdata[i];

      if (g_str_equal (worker->name, "伊藤 健"))
        g_assert_cmpstr (worker->areas, ==, "サーバ室");
      else
        g_assert_null (worker->areas);
    }
  assert_checks_clean (f);
}

/* The inspection sheet learns of the contracts missing a mandatory clause through the
 * contracts' fact source: the section's contracts, one finding per missing clause, on the
 * article the standard gives the clause. */
static void
test_facts (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) soumu = NULL;
  g_autoptr(GPtrArray) jinji = NULL;
  g_autoptr(GPtrArray) clauses = NULL;
  gint64 missing = add_contract (f, "委-F1", "outsourcing", f->soumu, "2026-04-01", "2027-03-31");
  gint64 reasoned = add_contract (f, "委-F2", "outsourcing", f->soumu, "2026-04-01", "2027-03-31");
  gint64 complete = add_contract (f, "委-F3", "outsourcing", f->soumu, "2026-04-01", "2027-03-31");
  guint found = 0;

  add_contract (f, "委-F4", "outsourcing", f->jinji, "2026-04-01", "2027-03-31");
  state_all_but (f, missing, "K-12");
  state_all_but (f, reasoned, "K-03");
  clauses = mamori_contract_list_clauses (f->store, reasoned, &error);
  g_assert_true (mamori_contract_answer (f->store, clause_by_code (clauses, "K-03")->id,
                                         "not-applicable", "", "再委託しないため", &error));
  g_assert_no_error (error);
  state_all_but (f, complete, NULL);
  g_assert_true (mamori_contract_set_status (f->store, complete, "concluded", "2026-03-20",
                                             &error));

  soumu = mamori_facts_collect (f->store, f->soumu, "2026-04-01", "2027-03-31", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < soumu->len; i++)
    {
      MamoriFinding *finding = g_ptr_array_index (soumu, i);

      if (g_strcmp0 (finding->source, "contracts") != 0)
        continue;
      found++;
      g_assert_cmpstr (finding->ref, ==, "第6-5-(12)");
      g_assert_cmpstr (finding->record_table, ==, "contracts");
      g_assert_cmpint (mamori_facts_record_id (f->store, "contracts", finding->record_uuid), ==,
                       missing);
      g_assert_true (g_str_has_prefix (finding->record_label, "委-F1 "));
      g_assert_nonnull (strstr (finding->summary, "K-12"));
      /* An item citing 第6-5 shows it. */
      g_assert_true (mamori_finding_cited_by (finding->ref, "第6-5"));
    }
  g_assert_cmpuint (found, ==, 1);

  /* 人事課's contract misses every clause, and shows on 人事課's sheet only. */
  jinji = mamori_facts_collect (f->store, f->jinji, "2026-04-01", "2027-03-31", &error);
  g_assert_no_error (error);
  found = 0;
  for (guint i = 0; i < jinji->len; i++)
    if (g_strcmp0 (((MamoriFinding *)g_ptr_array_index (jinji, i))->source, "contracts") == 0)
      found++;
  g_assert_cmpuint (found, ==, mt_sqlite_int (db_of (f),
    "SELECT count (*) FROM clauses AS c JOIN standards AS s ON s.id = c.standard_id "
    "WHERE s.active AND c.kind = 'outsourcing' AND c.mandatory = 1 AND coalesce (c.ref, '') <> ''"));
  g_assert_cmpuint (found, >, 1);
}

int
main (int   argc,
      char *argv[])
{
  mt_init (&argc, &argv);

  mt_add_func ("/contract/steps", test_steps);
  mt_add_func ("/contract/clause-missing", test_clause_missing);
  ADD ("/contract/checklist-from-standard", test_checklist_from_standard);
  ADD ("/contract/conclude-refused-names-clause", test_conclude_refused_names_clause);
  ADD ("/contract/not-applicable-needs-reason", test_not_applicable_needs_reason);
  ADD ("/contract/checked-goes-back-to-draft", test_checked_goes_back_to_draft);
  ADD ("/contract/concluded-is-locked", test_concluded_is_locked);
  ADD ("/contract/renewal-reopens", test_renewal_reopens);
  ADD ("/contract/invalid-fields", test_invalid_fields);
  ADD ("/contract/documents", test_documents);
  ADD ("/contract/list-and-matrix", test_list_and_matrix);
  ADD ("/contract/other-standard", test_other_standard);
  ADD ("/contract/staff-in-areas", test_staff_in_areas);
  ADD ("/contract/facts", test_facts);

  return g_test_run ();
}
