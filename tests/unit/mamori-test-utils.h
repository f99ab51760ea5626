/* mamori-test-utils.h — small helpers shared by the unit tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Temporary folders, stores in them, a plain sqlite3 connection beside the store (to look at
 * or tamper with a file as another program would), and a fingerprint of a database's whole
 * content to prove that something left it unchanged.
 */

#pragma once

#include "mamori-core.h"

G_BEGIN_DECLS

/* Call first in every test main: the time zone (Asia/Tokyo) and locale (C.UTF-8) before
 * anything else, mamori_core_init, then g_test_init with isolated directories. */
void         mt_init                (int          *argc,
                                     char       ***argv);

/* Use these instead of g_test_add_func and g_test_add (see mamori-test-utils.c for why).
 * The fixture functions get NULL as their data. */
void         mt_add_func            (const char       *path,
                                     GTestFunc         func);
void         mt_add_fixture         (const char       *path,
                                     gsize             size,
                                     GTestFixtureFunc  setup,
                                     GTestFixtureFunc  test,
                                     GTestFixtureFunc  teardown);
#define MT_ADD(path, Fixture, setup, test, teardown)                                        \
  mt_add_fixture (path, sizeof (Fixture),                                                   \
                  (GTestFixtureFunc)(void (*) (Fixture *, gconstpointer)) (setup),          \
                  (GTestFixtureFunc)(void (*) (Fixture *, gconstpointer)) (test),           \
                  (GTestFixtureFunc)(void (*) (Fixture *, gconstpointer)) (teardown))

/* A fresh folder under the system temporary directory, removed (recursively) by
 * mt_tmpdir_free. */
char        *mt_tmpdir_new          (void);
void         mt_tmpdir_free         (char         *dir);
void         mt_rm_rf               (const char   *path);

/* A store on a new file in @dir, opened with the default flags; fails the test on error. */
MamoriStore *mt_store_new           (const char   *dir,
                                     const char   *name);

/* Paths of test data: shipped standards (data/standards) and test standards
 * (tests/data/standards).  Transfer full. */
char        *mt_shipped_standard    (const char   *file);
char        *mt_test_data           (const char   *first,
                                     ...) G_GNUC_NULL_TERMINATED;

/* Plain sqlite3, outside Mamori.  All fail the test on an SQL error. */
sqlite3     *mt_sqlite_open         (const char   *path,
                                     int           flags);
void         mt_sqlite_exec         (sqlite3      *db,
                                     const char   *sql);
gint64       mt_sqlite_int          (sqlite3      *db,
                                     const char   *sql);
char        *mt_sqlite_text         (sqlite3      *db,
                                     const char   *sql);

/* Each table's row count and a SHA-256 of its rows: equal fingerprints mean equal content.
 * @tables (nullable, NULL terminated): just these tables; %NULL for every table of the file
 * plus the head of the audit log and user_version.  @exclude_columns (nullable, NULL
 * terminated) are left out of the row text, e.g. "uuid". */
char        *mt_db_fingerprint      (sqlite3      *db,
                                     const char   *const *tables,
                                     const char   *const *exclude_columns);

/* The audit log's head as "seq:hash" ("0:" when empty). */
char        *mt_audit_head          (sqlite3      *db);
gint64       mt_count_events        (sqlite3      *db,
                                     const char   *what);

/* The file's bytes; fails the test if unreadable. */
GBytes      *mt_file_bytes          (const char   *path);
int          mt_file_mode           (const char   *path);

/* Replace the first occurrence of @from in @text by @to; fails the test if absent. */
char        *mt_replace_once        (const char   *text,
                                     const char   *from,
                                     const char   *to);

/* Is there a MamoriAuditProblem of this kind and seq (and row_key if non-NULL)? */
gboolean     mt_has_problem         (GPtrArray    *problems,
                                     MamoriAuditProblemKind kind,
                                     gint64        seq,
                                     const char   *row_key);
/* Does one of the check report's sentences contain every needle (NULL terminated)? */
gboolean     mt_report_mentions     (MamoriCheckReport *report,
                                     const char   *first,
                                     ...) G_GNUC_NULL_TERMINATED;

/* A managed area in 本庁舎 3F 301, designated 2025-04-01, in its own transaction; fails the
 * test if refused.  Returns: its id. */
gint64       mt_area_new            (MamoriStore  *store,
                                     const char   *code,
                                     const char   *name,
                                     const char   *class_code,
                                     gint64        section_id,
                                     gint64        officer_id);

/* Counts SQLite's work on @db in *@units, one per 100 virtual machine instructions, until
 * mt_count_work_stop(): a measure of how much a statement reads that no timing disturbs. */
void         mt_count_work_start    (sqlite3      *db,
                                     guint        *units);
void         mt_count_work_stop     (sqlite3      *db);

G_END_DECLS
