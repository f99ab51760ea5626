/* test-cli.c — mamori-cli as a batch job or a script would run it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spawns the real program ($MAMORI_CLI, set by tests/meson.build) with LANG=C.UTF-8 in a
 * temporary folder and holds it to its contract: exit 0 on success, 1 on a failure with one
 * clear line per problem on stderr, 2 on a usage error, --help everywhere.
 */

#include "config.h"

#include "mamori-test-utils.h"

#include <glib/gstdio.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const commands[] = {
  "init", "demo", "import", "validate", "check", "backup", "restore", "contracts", NULL,
};

typedef struct
{
  int   status;  /* the exit status, or -1 if killed by a signal */
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

static char **
cli_environment (void)
{
  char **env = g_get_environ ();

  env = g_environ_setenv (env, "LANG", "C.UTF-8", TRUE);
  env = g_environ_unsetenv (env, "LC_ALL");
  env = g_environ_unsetenv (env, "LC_MESSAGES");
  env = g_environ_unsetenv (env, "LANGUAGE");
  env = g_environ_setenv (env, "MAMORI_ACTOR", "test-cli", TRUE);
  return env;
}

static char **
cli_argv (const char *first,
          va_list     args)
{
  GPtrArray *argv = g_ptr_array_new ();
  const char *cli = g_getenv ("MAMORI_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, g_strdup (cli));
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  g_ptr_array_add (argv, NULL);
  return (char **)g_ptr_array_free (argv, FALSE);
}

static int
exit_status (int wait_status)
{
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

/* Runs mamori-cli with the arguments (NULL terminated) in @cwd. */
static void
run (Run        *r,
     const char *cwd,
     const char *first,
     ...) G_GNUC_NULL_TERMINATED;

static void
run (Run        *r,
     const char *cwd,
     const char *first,
     ...)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = cli_environment ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *line = NULL;
  int wait_status = 0;
  va_list args;

  va_start (args, first);
  argv = cli_argv (first, args);
  va_end (args);

  line = g_strjoinv (" ", argv + 1);
  g_spawn_sync (cwd, argv, env, G_SPAWN_DEFAULT, NULL, NULL, &r->out, &r->err, &wait_status,
                &error);
  g_assert_no_error (error);
  r->status = exit_status (wait_status);
  g_test_message ("mamori-cli %s → %d\n  stdout: %s  stderr: %s", line, r->status, r->out,
                  r->err);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = mt_tmpdir_new ();
  f->db = g_build_filename (f->dir, "mamori.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->db);
  mt_tmpdir_free (f->dir);
}

#define ADD(path, func) \
  MT_ADD (path, Fixture, fixture_set_up, func, fixture_tear_down)

/* Help and usage ---------------------------------------------------------------------------- */

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  {
    g_auto(Run) r = { 0 };

    run (&r, f->dir, "--help", NULL);
    g_assert_cmpint (r.status, ==, 0);
    for (guint i = 0; commands[i]; i++)
      g_assert_nonnull (strstr (r.out, commands[i]));
    g_assert_nonnull (strstr (r.out, "--db"));
  }
  for (guint i = 0; commands[i]; i++)
    {
      g_auto(Run) r = { 0 };

      run (&r, f->dir, "--db", f->db, commands[i], "--help", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, commands[i]));
      g_assert_cmpstr (r.err, ==, "");
    }
  {
    g_auto(Run) r = { 0 };

    run (&r, f->dir, "--version", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_str_has_prefix (r.out, "mamori-cli "));
  }
  /* Asking for help created no database. */
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  const char *cases[][5] = {
    { NULL },                                   /* no command */
    { "frobnicate", NULL },                     /* unknown command */
    { "--bogus", "check", NULL },               /* bad global option */
    { "demo", "--bogus", NULL },                /* bad option of a command */
    { "demo", "--assets", "many", NULL },       /* bad value */
    { "demo", "--sections", "0", NULL },        /* out of range */
    { "validate", NULL },                       /* missing argument */
    { "import", NULL },
    { "backup", NULL },
    { "restore", NULL },
    { "check", "extra", NULL },                 /* too many */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r = { 0 };

      run (&r, f->dir, "--db", f->db, cases[i][0], cases[i][0] ? cases[i][1] : NULL,
           cases[i][0] && cases[i][1] ? cases[i][2] : NULL, NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_true (g_str_has_prefix (r.err, "mamori-cli: "));
      g_assert_nonnull (strstr (r.err, "--help"));
    }
  /* An unknown export names the three there are. */
  {
    g_auto(Run) r = { 0 };

    run (&r, f->dir, "--db", f->db, "export", "ledger", "--format", "csv", "--out", "x.csv",
         NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "ledger"));
    g_assert_nonnull (strstr (r.err, "inventory"));
    g_assert_nonnull (strstr (r.err, "submission"));
    g_assert_nonnull (strstr (r.err, "report"));
  }
  /* A usage error touches nothing. */
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
}

/* init, demo, check ------------------------------------------------------------------------- */

static void
init_and_demo (Fixture    *f,
               const char *assets)
{
  g_auto(Run) init = { 0 };
  g_auto(Run) demo = { 0 };

  run (&init, f->dir, "--db", f->db, "init", NULL);
  g_assert_cmpint (init.status, ==, 0);
  g_assert_cmpstr (init.err, ==, "");
  run (&demo, f->dir, "--db", f->db, "demo", "--sections", "12", "--assets", assets, NULL);
  g_assert_cmpint (demo.status, ==, 0);
  g_assert_cmpstr (demo.err, ==, "");
}

static void
test_init_demo_check (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(Run) check = { 0 };
  g_auto(Run) tampered = { 0 };
  g_autofree char *uuid = NULL;
  g_autofree char *entry = NULL;
  gint64 seq;
  sqlite3 *db;

  init_and_demo (f, "1000");
  g_assert_cmpint (mt_file_mode (f->db), ==, 0600);
  g_assert_cmpint (mt_file_mode (f->dir), ==, 0700);

  run (&check, f->dir, "--db", f->db, "check", NULL);
  g_assert_cmpint (check.status, ==, 0);
  g_assert_cmpstr (check.err, ==, "");
  g_assert_nonnull (strstr (check.out, "audit entries verified"));

  db = mt_sqlite_open (f->db, SQLITE_OPEN_READWRITE);
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM assets"), ==, 1000);
  /* Every entry was made by the actor the CLI was told. */
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM audit_log WHERE action <> 'event' "
                                      "AND actor <> 'test-cli'"), ==, 0);
  /* Edit a section behind Mamori's back. */
  uuid = mt_sqlite_text (db, "SELECT uuid FROM sections WHERE level = 'section' "
                             "ORDER BY id LIMIT 1");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT max (seq) FROM audit_log WHERE row_key = '%s'",
                                            uuid);
    seq = mt_sqlite_int (db, sql);
  }
  mt_sqlite_exec (db, "UPDATE sections SET name = '書き換え課' WHERE id = (SELECT min (id) FROM "
                      "sections WHERE level = 'section')");
  sqlite3_close (db);

  run (&tampered, f->dir, "--db", f->db, "check", NULL);
  g_assert_cmpint (tampered.status, ==, 1);
  entry = g_strdup_printf ("#%" G_GINT64_FORMAT, seq);
  g_assert_nonnull (strstr (tampered.err, uuid));
  g_assert_nonnull (strstr (tampered.err, entry));
  /* One line for the problem, one for the summary. */
  g_assert_cmpuint (count_lines (tampered.err), ==, 2);
}

static void
test_demo_twice (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(Run) again = { 0 };
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  init_and_demo (f, "50");
  before = mt_file_bytes (f->db);
  run (&again, f->dir, "--db", f->db, "demo", "--assets", "50", NULL);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, "already holds an organisation"));
  g_assert_cmpuint (count_lines (again.err), ==, 1);
  after = mt_file_bytes (f->db);
  g_assert_true (g_bytes_equal (before, after));
}

/* contracts ------------------------------------------------------------------------------------ */

static void
test_contracts (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *doc = g_build_filename (f->dir, "契約書.txt", NULL);
  g_autofree char *back = g_build_filename (f->dir, "back.txt", NULL);
  g_autofree char *number = NULL;
  g_autofree char *contents = NULL;
  gint64 missing;
  sqlite3 *db;

  {
    g_auto(Run) demo = { 0 };

    run (&demo, f->dir, "--db", f->db, "demo", "--sections", "6", "--assets", "20",
         "--contracts", "12", NULL);
    g_assert_cmpint (demo.status, ==, 0);
  }
  db = mt_sqlite_open (f->db, SQLITE_OPEN_READONLY);
  number = mt_sqlite_text (db, "SELECT number FROM contracts ORDER BY number LIMIT 1");
  sqlite3_close (db);

  /* The list, and the list of those lacking a mandatory clause. */
  {
    g_auto(Run) all = { 0 };
    g_auto(Run) lacking = { 0 };

    run (&all, f->dir, "--db", f->db, "contracts", "list", NULL);
    g_assert_cmpint (all.status, ==, 0);
    g_assert_cmpuint (count_lines (all.out), ==, 12);
    g_assert_nonnull (strstr (all.out, number));
    run (&lacking, f->dir, "--db", f->db, "contracts", "list", "--missing", NULL);
    g_assert_cmpint (lacking.status, ==, 0);
    missing = count_lines (lacking.out);
    g_assert_cmpint (missing, >, 0);
    g_assert_cmpint (missing, <, 12);
    /* Each line ends with the codes of the clauses it lacks. */
    g_assert_nonnull (strstr (lacking.out, "-0"));
  }

  /* Attach a document, see it, save it back, remove it. */
  g_assert_true (g_file_set_contents (doc, "委託契約書 第1条\n", -1, NULL));
  {
    g_auto(Run) attach = { 0 };
    g_auto(Run) show = { 0 };
    g_auto(Run) save = { 0 };
    g_auto(Run) detach = { 0 };
    g_auto(Run) gone = { 0 };

    run (&attach, f->dir, "--db", f->db, "contracts", "attach", number, doc, NULL);
    g_assert_cmpint (attach.status, ==, 0);
    run (&show, f->dir, "--db", f->db, "contracts", "show", number, NULL);
    g_assert_cmpint (show.status, ==, 0);
    g_assert_nonnull (strstr (show.out, "契約書.txt\ttext/plain"));
    run (&save, f->dir, "--db", f->db, "contracts", "save", number, "契約書.txt", "--out", back,
         NULL);
    g_assert_cmpint (save.status, ==, 0);
    g_assert_true (g_file_get_contents (back, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "委託契約書 第1条\n");
    run (&detach, f->dir, "--db", f->db, "contracts", "detach", number, "契約書.txt", NULL);
    g_assert_cmpint (detach.status, ==, 0);
    run (&gone, f->dir, "--db", f->db, "contracts", "detach", number, "契約書.txt", NULL);
    g_assert_cmpint (gone.status, ==, 1);
    g_assert_nonnull (strstr (gone.err, "契約書.txt"));
  }

  /* Unknown contract or section: a failure naming it; wrong arguments: a usage error. */
  {
    g_auto(Run) unknown = { 0 };
    g_auto(Run) section = { 0 };
    g_auto(Run) usage = { 0 };
    g_auto(Run) check = { 0 };

    run (&unknown, f->dir, "--db", f->db, "contracts", "show", "委-無い", NULL);
    g_assert_cmpint (unknown.status, ==, 1);
    g_assert_nonnull (strstr (unknown.err, "委-無い"));
    run (&section, f->dir, "--db", f->db, "contracts", "list", "--section", "999999", NULL);
    g_assert_cmpint (section.status, ==, 1);
    g_assert_nonnull (strstr (section.err, "999999"));
    run (&usage, f->dir, "--db", f->db, "contracts", "save", number, "契約書.txt", NULL);
    g_assert_cmpint (usage.status, ==, 2);
    run (&check, f->dir, "--db", f->db, "check", NULL);
    g_assert_cmpint (check.status, ==, 0);
  }
}

/* validate, import ---------------------------------------------------------------------------- */

static void
test_validate (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *shinjuku = mt_shipped_standard ("shinjuku.xml");
  g_autofree char *hostile = mt_test_data ("standards", "hostile", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;

  {
    g_auto(Run) r = { 0 };

    run (&r, f->dir, "validate", shinjuku, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "a valid standard"));
    g_assert_nonnull (strstr (r.out, "224 articles"));
    g_assert_cmpstr (r.err, ==, "");
  }

  dir = g_dir_open (hostile, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (hostile, name, NULL);
      g_auto(Run) r = { 0 };

      run (&r, f->dir, "validate", path, NULL);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_cmpuint (count_lines (r.err), ==, 1);
      g_assert_true (g_str_has_prefix (r.err, "mamori-cli: "));
      g_assert_nonnull (strstr (r.err, name));
      g_assert_cmpstr (r.out, ==, "");
      n++;
    }
  g_assert_cmpuint (n, ==, 14);

  /* validate touches no database, not even the default one. */
  {
    g_autofree char *default_db = g_build_filename (g_get_user_data_dir (), "mamori", NULL);
    g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);

    g_assert_false (g_file_test (default_db, G_FILE_TEST_EXISTS));
    g_assert_null (g_dir_read_name (d));
  }
}

/* Read through a read-write connection: a read-only one would leave an empty -wal file behind
 * on close, which would hide whether mamori-cli left one. */
static char *
active_standard (const char *db_path)
{
  sqlite3 *db = mt_sqlite_open (db_path, SQLITE_OPEN_READWRITE);
  char *code = mt_sqlite_text (db, "SELECT code FROM standards WHERE active = 1");

  sqlite3_close (db);
  return code;
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *sakura = mt_test_data ("standards", "sakura.xml", NULL);
  g_autofree char *shinjuku = mt_shipped_standard ("shinjuku.xml");
  g_autofree char *hostile = mt_test_data ("standards", "hostile", "dangling-cite.xml", NULL);
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  g_autofree char *code = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  {
    g_auto(Run) r = { 0 };
    run (&r, f->dir, "--db", f->db, "init", NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  code = active_standard (f->db);
  g_assert_cmpstr (code, ==, "shinjuku");
  g_clear_pointer (&code, g_free);

  {
    g_auto(Run) r = { 0 };
    run (&r, f->dir, "--db", f->db, "import", sakura, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.err, ==, "");
  }
  code = active_standard (f->db);
  g_assert_cmpstr (code, ==, "sakura");
  g_clear_pointer (&code, g_free);

  /* --dry-run: checked, reported, not written. */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  before = mt_file_bytes (f->db);
  {
    g_auto(Run) r = { 0 };
    run (&r, f->dir, "--db", f->db, "import", "--dry-run", shinjuku, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Nothing was written"));
  }
  /* A bad file is refused whole. */
  {
    g_auto(Run) r = { 0 };
    run (&r, f->dir, "--db", f->db, "import", hostile, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_cmpuint (count_lines (r.err), ==, 1);
    g_assert_nonnull (strstr (r.err, "dangling-cite.xml"));
  }
  after = mt_file_bytes (f->db);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  code = active_standard (f->db);
  g_assert_cmpstr (code, ==, "sakura");
}

/* backup, restore ---------------------------------------------------------------------------- */

static void
test_backup_restore (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->dir, "copy.bak", NULL);
  g_autofree char *sakura = mt_test_data ("standards", "sakura.xml", NULL);
  g_autofree char *code = NULL;

  init_and_demo (f, "100");
  {
    g_auto(Run) r = { 0 };
    run (&r, f->dir, "--db", f->db, "backup", backup, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.err, ==, "");
  }
  g_assert_cmpint (mt_file_mode (backup), ==, 0600);
  {
    g_auto(Run) r = { 0 };
    run (&r, f->dir, "--db", f->db, "backup", backup, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "already exists"));
  }

  /* A change after the backup … */
  {
    g_auto(Run) r = { 0 };
    run (&r, f->dir, "--db", f->db, "import", sakura, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  code = active_standard (f->db);
  g_assert_cmpstr (code, ==, "sakura");
  g_clear_pointer (&code, g_free);

  /* … undone by the restore. */
  {
    g_auto(Run) r = { 0 };
    run (&r, f->dir, "--db", f->db, "restore", backup, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.err, ==, "");
    g_assert_nonnull (strstr (r.out, "before-restore"));
  }
  code = active_standard (f->db);
  g_assert_cmpstr (code, ==, "shinjuku");
  {
    g_auto(Run) r = { 0 };
    run (&r, f->dir, "--db", f->db, "check", NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    sqlite3 *db = mt_sqlite_open (f->db, SQLITE_OPEN_READONLY);
    g_autofree char *mode = mt_sqlite_text (db, "PRAGMA journal_mode");

    g_assert_cmpstr (mode, ==, "wal");
    g_assert_cmpint (mt_count_events (db, "restore"), ==, 1);
    sqlite3_close (db);
  }
}

/* Two at once ---------------------------------------------------------------------------------- */

typedef struct
{
  GPid      pid;
  int       out_fd;
  int       err_fd;
  gboolean  done;
  int       status;
  gint64    started;
  gint64    ended;
  char     *out;
  char     *err;
} Child;

static void
child_exited (GPid     pid,
              int      wait_status,
              gpointer user_data)
{
  Child *c = user_data;

  c->status = exit_status (wait_status);
  c->ended = g_get_monotonic_time ();
  c->done = TRUE;
  g_spawn_close_pid (pid);
}

static char *
read_all (int fd)
{
  GString *s = g_string_new (NULL);
  char buf[4096];
  gssize n;

  while ((n = read (fd, buf, sizeof buf)) > 0)
    g_string_append_len (s, buf, n);
  close (fd);
  return g_string_free (s, FALSE);
}

static gboolean
time_out (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_second_instance (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(GStrv) env = cli_environment ();
  Child children[2] = { 0 };
  gboolean timed_out = FALSE;
  guint timeout_id;
  guint ok = 0, failed = 0;

  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *argv[] = { g_getenv ("MAMORI_CLI"), "--db", f->db, "demo", "--assets", "20000",
                             NULL };

      children[i].started = g_get_monotonic_time ();
      g_spawn_async_with_pipes (f->dir, (char **)argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &children[i].pid, NULL, &children[i].out_fd,
                                &children[i].err_fd, &error);
      g_assert_no_error (error);
      g_child_watch_add (children[i].pid, child_exited, &children[i]);
    }

  /* Neither may hang: both done within 120 s. */
  timeout_id = g_timeout_add_seconds (120, time_out, &timed_out);
  while (!(children[0].done && children[1].done) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    {
      for (guint i = 0; i < 2; i++)
        if (!children[i].done)
          kill (children[i].pid, SIGKILL);
      g_error ("mamori-cli demo did not finish within 120 s");
    }
  g_source_remove (timeout_id);

  for (guint i = 0; i < 2; i++)
    {
      children[i].out = read_all (children[i].out_fd);
      children[i].err = read_all (children[i].err_fd);
      g_test_message ("instance %u → %d\n  stdout: %s  stderr: %s", i, children[i].status,
                      children[i].out, children[i].err);
      if (children[i].status == 0)
        ok++;
      else
        {
          g_assert_cmpint (children[i].status, ==, 1);
          g_assert_cmpuint (count_lines (children[i].err), ==, 1);
          g_assert_true (strstr (children[i].err, "is in use by another program") != NULL ||
                         strstr (children[i].err, "already holds an organisation") != NULL);
          /* "did not become free within 5 seconds" must be true: it waited its turn. */
          if (strstr (children[i].err, "is in use by another program") != NULL)
            g_assert_cmpint (children[i].ended - children[i].started, >=, 4500 * 1000);
          failed++;
        }
    }
  g_assert_cmpuint (ok, ==, 1);
  g_assert_cmpuint (failed, ==, 1);

  /* One ward, whole, and true to its audit log. */
  {
    g_auto(Run) r = { 0 };
    sqlite3 *db;

    run (&r, f->dir, "--db", f->db, "check", NULL);
    g_assert_cmpint (r.status, ==, 0);
    db = mt_sqlite_open (f->db, SQLITE_OPEN_READONLY);
    g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM assets"), ==, 20000);
    g_assert_cmpint (mt_count_events (db, "schema"), ==, mamori_store_migration_count ());
    g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM standards"), ==, 1);
    sqlite3_close (db);
  }

  for (guint i = 0; i < 2; i++)
    {
      g_free (children[i].out);
      g_free (children[i].err);
    }
}

int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);

  ADD ("/cli/help", test_help);
  ADD ("/cli/usage-errors", test_usage_errors);
  ADD ("/cli/init-demo-check", test_init_demo_check);
  ADD ("/cli/demo-twice", test_demo_twice);
  ADD ("/cli/contracts", test_contracts);
  ADD ("/cli/validate", test_validate);
  ADD ("/cli/import", test_import);
  ADD ("/cli/backup-restore", test_backup_restore);
  ADD ("/cli/second-instance", test_second_instance);

  return g_test_run ();
}
