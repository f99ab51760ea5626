/* mamori-cli-inspection.c — mamori-cli inspection: cycles, sheets, review and roll-up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   mamori-cli inspection list
 *   mamori-cli inspection new YEAR [--ad-hoc --title --from --to --due --from-previous]
 *   mamori-cli inspection sheet CYCLE SECTION
 *   mamori-cli inspection answer CYCLE SECTION ITEM ANSWER [--evidence … --note]
 *   mamori-cli inspection submit|accept|verify CYCLE SECTION
 *   mamori-cli inspection return CYCLE SECTION REASON
 *   mamori-cli inspection rollup CYCLE
 *   mamori-cli inspection finding CYCLE SECTION AUDITOR SEVERITY TEXT [--item --on]
 *   mamori-cli inspection evaluate CYCLE CHAPTER RATING TEXT [--circumstances]
 *   mamori-cli inspection propose CYCLE CHAPTER TEXT [--ref]
 *   mamori-cli inspection decide PROPOSAL adopted|rejected
 *   mamori-cli inspection evaluation CYCLE
 *
 * AUDITOR is a staff number; PROPOSAL the number “evaluation” prints.
 * CYCLE is a fiscal year (2025: that year's cycle) or #ID for any cycle; SECTION a section
 * code; ITEM an item code of the cycle's catalogue.
 */

#include "config.h"

#include "mamori-cli.h"
#include "mamori-core.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_USAGE 2

typedef struct
{
  char *title;
  char *from;
  char *to;
  char *due;
  char *evidence;
  char *observation;
  char *reason;
  char *plan;
  char *owner;
  char *plan_due;
  char *done;
  char *note;
  char *item;
  char *on;
  char *circumstances;
  char *ref;
  gboolean ad_hoc;
  gboolean from_previous;
} Options;

static int
fail (const char *message)
{
  g_printerr ("mamori-cli: %s\n", message);
  return EXIT_FAILURE;
}

static int
fail_error (GError *error)
{
  int status = fail (error->message);

  g_error_free (error);
  return status;
}

static gint64
find_cycle (MamoriStore  *store,
            const char   *text,
            GError      **error)
{
  gint64 id = 0;

  if (text[0] == '#')
    id = g_ascii_strtoll (text + 1, NULL, 10);
  else
    id = mamori_cycle_find_year (store, (int)g_ascii_strtoll (text, NULL, 10));
  if (id == 0)
    g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_NOT_FOUND,
                 _("No inspection cycle “%s”: give a fiscal year (2025) or #ID from “inspection "
                   "list”."), text);
  return id;
}

static gint64
find_sheet (MamoriStore  *store,
            const char   *cycle_text,
            const char   *section_code,
            GError      **error)
{
  gint64 cycle = find_cycle (store, cycle_text, error);
  gint64 sheet = 0;
  sqlite3_stmt *stmt;

  if (cycle == 0)
    return 0;
  stmt = mamori_store_prepare (store, "SELECT h.id FROM inspection_sheets AS h JOIN sections "
                               "AS s ON s.id = h.section_id WHERE h.cycle_id = ? AND s.code = ?",
                               error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, cycle);
  mamori_bind_text (stmt, 2, section_code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    sheet = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (sheet == 0)
    g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_NOT_FOUND,
                 _("The section “%s” has no sheet in the inspection cycle “%s”."), section_code,
                 cycle_text);
  return sheet;
}

static int
cmd_list (MamoriStore *store)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) cycles = mamori_cycle_list (store, &error);

  if (cycles == NULL)
    return fail_error (error);
  for (guint i = 0; i < cycles->len; i++)
    {
      MamoriCycle *c = g_ptr_array_index (cycles, i);
      g_autofree char *due = mamori_date_display (c->due_on);

      g_print ("#%" G_GINT64_FORMAT "\t%d\t%s\t%s\t%s\t%u/%u\t%s\n", c->id, c->fiscal_year,
               c->kind, c->title, due, c->accepted, c->sheets, c->catalogue_version);
    }
  return EXIT_SUCCESS;
}

static int
cmd_new (MamoriStore  *store,
         Options      *o,
         const char   *year_text)
{
  int year = (int)g_ascii_strtoll (year_text, NULL, 10);
  g_autofree char *label = mamori_fiscal_year_label (year);
  g_autofree char *title = o->title ? g_strdup (o->title)
                                    : g_strdup_printf (_("Information security inspection, %s"),
                                                       label);
  g_autofree char *due = o->due ? g_strdup (o->due) : mamori_date_to_iso (year, 12, 25);
  GError *error = NULL;
  gint64 id = 0;

  if (!mamori_cycle_create (store, o->ad_hoc ? "ad-hoc" : "fiscal-year", year, title, o->from,
                            o->to, due, NULL, 0, o->from_previous, &id, &error))
    return fail_error (error);
  g_print (_("Inspection cycle #%lld opened: %s\n"), (long long)id, title);
  return EXIT_SUCCESS;
}

static int
cmd_sheet (MamoriStore *store,
           gint64       sheet_id)
{
  GError *error = NULL;
  g_autoptr(MamoriSheet) sheet = mamori_sheet_get (store, sheet_id, &error);
  g_autoptr(GPtrArray) lines = NULL;

  if (sheet == NULL || (lines = mamori_sheet_lines (store, sheet_id, TRUE, &error)) == NULL)
    return fail_error (error);
  g_print ("%s %s — %s (v%d) %u/%u\n", sheet->section_code, sheet->section_name,
           mamori_sheet_status_label (sheet->status), sheet->version, sheet->answered,
           sheet->items);
  for (guint i = 0; i < lines->len; i++)
    {
      MamoriSheetLine *l = g_ptr_array_index (lines, i);

      g_print ("%s\t%s\t%s\t%s\n", l->code, l->answer_label ? l->answer_label : "-",
               l->previous_label ? l->previous_label : "-", l->question);
      for (guint j = 0; j < l->findings->len; j++)
        {
          MamoriFinding *f = g_ptr_array_index (l->findings, j);

          g_print ("\t! %s %s: %s\n", f->ref, f->record_label, f->summary);
        }
    }
  return EXIT_SUCCESS;
}

static int
cmd_answer (MamoriStore  *store,
            Options      *o,
            gint64        sheet_id,
            const char   *item_code,
            const char   *answer)
{
  g_autoptr(MamoriSheet) sheet = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  GError *error = NULL;
  MamoriAnswerInput in = { 0 };

  sheet = mamori_sheet_get (store, sheet_id, &error);
  if (sheet == NULL || (lines = mamori_sheet_lines (store, sheet_id, FALSE, &error)) == NULL)
    return fail_error (error);
  for (guint i = 0; i < lines->len; i++)
    if (g_strcmp0 (((MamoriSheetLine *)g_ptr_array_index (lines, i))->code, item_code) == 0)
      in.item_id = ((MamoriSheetLine *)g_ptr_array_index (lines, i))->item_id;
  if (in.item_id == 0)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not an item of this sheet."),
                                                  item_code);
      return fail (message);
    }
  in.answer = answer;
  in.evidence = o->evidence;
  in.observation = o->observation;
  in.reason = o->reason;
  in.plan_action = o->plan;
  in.plan_owner = o->owner;
  in.plan_due = o->plan_due;
  in.plan_done_on = o->done;
  in.fact_note = o->note;
  if (!mamori_sheet_answer (store, sheet_id, &in, &error))
    return fail_error (error);
  return EXIT_SUCCESS;
}

static void
print_row (MamoriRollupRow *row)
{
  g_autofree char *rate = mamori_rollup_rate_text (row->rate);
  g_autofree char *previous = mamori_rollup_rate_text (row->previous_rate);

  g_print ("%s\t%s\t%u\t%u\t%u\t%u\t%u\t%s\t%s\n", row->key ? row->key : "", row->label,
           row->complied, row->partial, row->not_complied, row->not_applicable, row->unanswered,
           rate, previous);
}

static int
cmd_rollup (MamoriStore *store,
            gint64       cycle)
{
  GError *error = NULL;
  g_autoptr(MamoriRollup) rollup = mamori_rollup_compute (store, cycle, &error);

  if (rollup == NULL)
    return fail_error (error);
  /* TRANSLATORS: column heads of the roll-up, separated by tabs */
  g_print ("%s\n", _("Key\tName\tDone\tPartly\tNot done\tN/A\tUnanswered\tRate\tLast year"));
  print_row (&rollup->total);
  for (guint i = 0; i < rollup->by_chapter->len; i++)
    print_row (g_ptr_array_index (rollup->by_chapter, i));
  for (guint i = 0; i < rollup->by_section->len; i++)
    print_row (g_ptr_array_index (rollup->by_section, i));
  g_print (_("Last year’s improvement plans: %u, done %u, overdue %u\n"), rollup->plans,
           rollup->plans_done, rollup->plans_overdue);
  return EXIT_SUCCESS;
}

static gint64
find_id (MamoriStore *store,
         const char  *sql,
         const char  *key)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, sql, NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  mamori_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

static int
cmd_finding (MamoriStore  *store,
             Options      *o,
             char        **argv)
{
  GError *error = NULL;
  gint64 cycle = find_cycle (store, argv[2], &error);
  gint64 section = find_id (store, "SELECT id FROM sections WHERE code = ?", argv[3]);
  gint64 auditor = find_id (store, "SELECT id FROM people WHERE staff_no = ?", argv[4]);
  gint64 item = 0;

  if (cycle == 0)
    return fail_error (error);
  if (o->item != NULL)
    {
      g_autoptr(MamoriCycle) c = mamori_cycle_get (store, cycle, NULL);
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM catalogue_items WHERE code = ? "
                                              "AND standard_id = %" G_GINT64_FORMAT,
                                              c ? c->standard_id : 0);

      item = find_id (store, sql, o->item);
    }
  if (section == 0 || auditor == 0 || (o->item != NULL && item == 0))
    {
      g_autofree char *message =
        g_strdup_printf (_("No section “%s”, staff number “%s” or item “%s”."), argv[3],
                         argv[4], o->item ? o->item : "");
      return fail (message);
    }
  if (!mamori_audit_finding_add (store, cycle, section, item, auditor, argv[5], argv[6], o->on,
                                 NULL, &error))
    return fail_error (error);
  return EXIT_SUCCESS;
}

static int
cmd_evaluation (MamoriStore *store,
                gint64       cycle)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) chapters = mamori_evaluation_chapters (store, cycle, &error);
  g_autoptr(GPtrArray) proposals = NULL;

  if (chapters == NULL || (proposals = mamori_review_list (store, cycle, &error)) == NULL)
    return fail_error (error);
  for (guint i = 0; i < chapters->len; i++)
    {
      MamoriChapterEvaluation *e = g_ptr_array_index (chapters, i);
      g_autofree char *rate = mamori_rollup_rate_text (e->rate);
      g_autofree char *previous = mamori_rollup_rate_text (e->previous_rate);

      g_print ("%s\t%s\t%s\t%s\t%u\t%s\t%s\n", e->chapter_ref, e->chapter_title, rate, previous,
               e->audit_findings, e->rating ? e->rating : "-",
               e->assessment ? e->assessment : "");
    }
  for (guint i = 0; i < proposals->len; i++)
    {
      MamoriReviewProposal *p = g_ptr_array_index (proposals, i);

      g_print ("#%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\n", p->id, p->chapter_ref, p->ref,
               p->status, p->proposal);
    }
  return EXIT_SUCCESS;
}

static int
run_evaluation (MamoriStore  *store,
                Options      *o,
                int           argc,
                char        **argv)
{
  const char *what = argv[1];
  GError *error = NULL;
  gint64 cycle = 0, id = 0;

  if (g_strcmp0 (what, "decide") == 0 && argc == 4)
    return mamori_review_decide (store, g_ascii_strtoll (argv[2], NULL, 10), argv[3], &error)
           ? EXIT_SUCCESS : fail_error (error);
  if (g_strcmp0 (what, "finding") == 0 && argc == 7)
    return cmd_finding (store, o, argv);
  if (argc < 3 || (cycle = find_cycle (store, argv[2], &error)) == 0)
    return error ? fail_error (error) : EXIT_USAGE;
  if (g_strcmp0 (what, "evaluation") == 0 && argc == 3)
    return cmd_evaluation (store, cycle);
  if (g_strcmp0 (what, "evaluate") == 0 && argc == 6)
    return mamori_evaluation_set (store, cycle, argv[3], argv[4], argv[5], o->circumstances,
                                  NULL, &error) ? EXIT_SUCCESS : fail_error (error);
  if (g_strcmp0 (what, "propose") == 0 && argc == 5)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM evaluations WHERE cycle_id = %"
                                              G_GINT64_FORMAT " AND chapter_ref = ?", cycle);

      id = find_id (store, sql, argv[3]);
      if (!mamori_review_propose (store, id, o->ref, argv[4], &id, &error))
        return fail_error (error);
      g_print (_("Review proposal #%lld recorded.\n"), (long long)id);
      return EXIT_SUCCESS;
    }
  return EXIT_USAGE;
}

static int
run (MamoriStore  *store,
     Options      *o,
     int           argc,
     char        **argv)
{
  const char *what = argv[1];
  GError *error = NULL;
  gint64 id = 0;

  if (g_strcmp0 (what, "list") == 0 && argc == 2)
    return cmd_list (store);
  if (g_strcmp0 (what, "new") == 0 && argc == 3)
    return cmd_new (store, o, argv[2]);
  if (g_strv_contains ((const char *const[]){ "finding", "evaluate", "propose", "decide",
                                              "evaluation", NULL }, what))
    return run_evaluation (store, o, argc, argv);
  if (g_strcmp0 (what, "rollup") == 0 && argc == 3)
    return (id = find_cycle (store, argv[2], &error)) ? cmd_rollup (store, id) : fail_error (error);
  if (argc < 4 || (id = find_sheet (store, argv[2], argv[3], &error)) == 0)
    return error ? fail_error (error) : EXIT_USAGE;

  if (g_strcmp0 (what, "sheet") == 0 && argc == 4)
    return cmd_sheet (store, id);
  if (g_strcmp0 (what, "answer") == 0 && argc == 6)
    return cmd_answer (store, o, id, argv[4], argv[5]);
  if ((g_strcmp0 (what, "submit") == 0 && argc == 4 && mamori_sheet_submit (store, id, &error)) ||
      (g_strcmp0 (what, "accept") == 0 && argc == 4 && mamori_sheet_accept (store, id, &error)) ||
      (g_strcmp0 (what, "verify") == 0 && argc == 4 && mamori_sheet_verify (store, id, &error)) ||
      (g_strcmp0 (what, "return") == 0 && argc == 5 &&
       mamori_sheet_return (store, id, argv[4], &error)))
    return EXIT_SUCCESS;
  return error ? fail_error (error) : EXIT_USAGE;
}

/**
 * mamori_cli_inspection:
 *
 * The "inspection" command; @argv[0] is "inspection".
 */
int
mamori_cli_inspection (const char  *db_path,
                       const char  *actor,
                       int          argc,
                       char       **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new ("inspection list|new|sheet|answer|submit|return|accept|verify|"
                          "rollup|finding|evaluate|propose|decide|evaluation …");
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Options o = { 0 };
  int status;
  const GOptionEntry entries[] = {
    { "ad-hoc", 0, 0, G_OPTION_ARG_NONE, &o.ad_hoc, N_("new: an ad-hoc cycle"), NULL },
    { "title", 0, 0, G_OPTION_ARG_STRING, &o.title, N_("new: the cycle’s title"), N_("TEXT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &o.from, N_("new: first day of the period"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &o.to, N_("new: last day of the period"), N_("DATE") },
    { "due", 0, 0, G_OPTION_ARG_STRING, &o.due, N_("new: the due date"), N_("DATE") },
    { "from-previous", 0, 0, G_OPTION_ARG_NONE, &o.from_previous,
      N_("new: start each sheet from last year’s answers"), NULL },
    { "evidence", 0, 0, G_OPTION_ARG_STRING, &o.evidence, N_("answer: the evidence"), N_("TEXT") },
    { "observation", 0, 0, G_OPTION_ARG_STRING, &o.observation, N_("answer: an observation"),
      N_("TEXT") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &o.reason, N_("answer: why it does not apply"),
      N_("TEXT") },
    { "plan", 0, 0, G_OPTION_ARG_STRING, &o.plan, N_("answer: the improvement to make"),
      N_("TEXT") },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &o.owner, N_("answer: who is responsible for it"),
      N_("TEXT") },
    { "plan-due", 0, 0, G_OPTION_ARG_STRING, &o.plan_due, N_("answer: the plan’s due date"),
      N_("DATE") },
    { "done", 0, 0, G_OPTION_ARG_STRING, &o.done, N_("answer: when the plan was carried out"),
      N_("DATE") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &o.note,
      N_("answer: why “done” although the registers say otherwise"), N_("TEXT") },
    { "item", 0, 0, G_OPTION_ARG_STRING, &o.item, N_("finding: the item it is about"),
      N_("CODE") },
    { "on", 0, 0, G_OPTION_ARG_STRING, &o.on, N_("finding: the day of the audit"), N_("DATE") },
    { "circumstances", 0, 0, G_OPTION_ARG_STRING, &o.circumstances,
      N_("evaluate: the changes in circumstances weighed"), N_("TEXT") },
    { "ref", 0, 0, G_OPTION_ARG_STRING, &o.ref, N_("propose: the article to review"),
      N_("REF") },
    { NULL }
  };

  g_option_context_set_summary (context, _("The inspection cycle: open a cycle, answer a "
                                           "section’s sheet, submit, review, roll up; record "
                                           "audit findings, evaluate each chapter, propose "
                                           "and decide reviews."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = mamori_cli_sub_begin (context, &argc, &argv, db_path, actor, &store)) < 0)
    status = run (store, &o, argc, argv);
  if (status == EXIT_USAGE)
    g_printerr ("mamori-cli: %s\n", _("Wrong arguments; see “mamori-cli inspection --help”."));
  g_free (o.title);
  g_free (o.from);
  g_free (o.to);
  g_free (o.due);
  g_free (o.evidence);
  g_free (o.observation);
  g_free (o.reason);
  g_free (o.plan);
  g_free (o.owner);
  g_free (o.plan_due);
  g_free (o.done);
  g_free (o.note);
  g_free (o.item);
  g_free (o.on);
  g_free (o.circumstances);
  g_free (o.ref);
  return status;
}
