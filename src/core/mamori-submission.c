/* mamori-submission.c — a section's year as one XML file, and its import by the coordinator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A submission (mamori-submission-1.xsd) holds one section (課等, or a department for the areas
 * it manages) × one fiscal year: a header naming
 * the section, the year, the standard and its catalogue version; then the section's
 * inventory, its managed areas with the year's entry log and moves, its contracts in force
 * that year with their clause checklists, and its inspection sheet with every answer.  Every
 * record is one element whose attributes are its fields; it carries its uuid, and refers to
 * other records by uuid (assets, areas, contracts, people) or by code (sections, catalogue
 * items, clauses), so that two databases can match them.
 *
 * Both ways stream: the export writes one record at a time into a temporary file, validates
 * it, and renames it into place; the reader (xmlTextReader with the schema) handles one
 * element at a time.  Reading refuses a DOCTYPE before the parser sees it, never resolves an
 * entity, never uses the network, and bounds the file size, every attribute value, the depth
 * and the attributes per element.
 *
 * The preview and the import are the same pass over the file inside one transaction: each
 * record is compared with the database and written through mamori_store_audited_step; the
 * preview then rolls everything back, the import commits only if no blocking mismatch was
 * found.  Blocking: an unknown section, another standard or catalogue version, no inspection
 * cycle for the year, a record that belongs to another section here, a code another record
 * uses here, a reference to a record this database lacks, a change to a sheet the coordinator
 * already accepted, a record the database refuses.  Accepted knowingly (listed): a record that
 * differs from this database's (the section's own data wins), an item of the sheet without an
 * answer, a link to another section's record that is left out.
 *
 * An imported sheet that the section had submitted (or that was accepted in its database) is
 * submitted here in the section's name, under this database's content hash, and waits for the
 * coordinator's acceptance in the Inspections view like any other: accepting is the
 * coordinator's decision, which a file from elsewhere does not make.
 */

#include "config.h"

#include "mamori-submission.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "mamori-asset.h"
#include "mamori-era.h"
#include "mamori-inspection-private.h"
#include "mamori-reconcile.h"
#include "mamori-rules.h"
#include "mamori-standard.h"
#include "mamori-text.h"
#include "mamori-xml.h"

G_DEFINE_QUARK (mamori-submission-error-quark, mamori_submission_error)

/* The records ---------------------------------------------------------------------------------- */

typedef enum
{
  COL_TEXT,
  COL_INT,
  COL_BOOL,
  COL_REF,
  COL_SHEET,   /* the sheet being read (answers), not an attribute */
  COL_SEARCH,  /* an asset's folded code, name and description, not an attribute */
} ColKind;

typedef struct
{
  const char *attr;
  const char *column;
  ColKind     kind;
  gboolean    nullable;
  const char *ref_table;
  const char *ref_key;
  const char *ref_extra;
  gboolean    soft;       /* missing here: left out (nullable: NULL) rather than refused */
} Col;

#define ACTIVE " AND standard_id = (SELECT id FROM standards WHERE active = 1)"

#define TEXT(a, c)  { a, c, COL_TEXT, FALSE, NULL, NULL, NULL, FALSE }
#define NTEXT(a, c) { a, c, COL_TEXT, TRUE, NULL, NULL, NULL, FALSE }
#define INT(a, c)   { a, c, COL_INT, FALSE, NULL, NULL, NULL, FALSE }
#define NINT(a, c)  { a, c, COL_INT, TRUE, NULL, NULL, NULL, FALSE }
#define BOOL(a, c)  { a, c, COL_BOOL, FALSE, NULL, NULL, NULL, FALSE }
#define NBOOL(a, c) { a, c, COL_BOOL, TRUE, NULL, NULL, NULL, FALSE }
#define REF(a, c, t, k)   { a, c, COL_REF, FALSE, t, k, "", FALSE }
#define NREF(a, c, t, k)  { a, c, COL_REF, TRUE, t, k, "", FALSE }
#define SOFT(a, c, t, k, n) { a, c, COL_REF, n, t, k, "", TRUE }
#define STD(a, c, t)      { a, c, COL_REF, FALSE, t, "code", ACTIVE, FALSE }
#define PERSON(a, c)      NREF (a, c, "people", "uuid")
#define MAX_COLS 24

enum { GROUP_INVENTORY, GROUP_AREAS, GROUP_CONTRACTS, GROUP_INSPECTION, N_GROUPS };

static const char *group_names[N_GROUPS] = { "inventory", "areas", "contracts", "inspection" };

typedef struct
{
  const char *element;
  const char *label;
  const char *table;
  int         group;
  const char *filter;       /* on t; ?1 the section, ?2 and ?3 the year's first and last day */
  const char *code_attr;    /* an attribute unique in the table besides the uuid */
  const char *owner_attr;   /* the attribute naming the section the record belongs to */
  gboolean    by_key;       /* matched by sheet and item instead of uuid (answers) */
  Col         cols[MAX_COLS];
} Record;

#define OWN_ASSET "t.asset_id IN (SELECT id FROM assets WHERE owner_section_id = ?1)"
#define OWN_AREA "t.area_id IN (SELECT id FROM areas WHERE section_id = ?1)"
#define IN_YEAR(col) " AND substr (t." col ", 1, 10) BETWEEN ?2 AND ?3"
#define CONTRACT_IN_YEAR "t.section_id = ?1 AND t.starts_on <= ?3 AND t.ends_on >= ?2"
#define OWN_CONTRACT "t.contract_id IN (SELECT id FROM contracts AS t WHERE " CONTRACT_IN_YEAR ")"

static const Record records[] = {
  { "asset", N_("Assets"), "assets", GROUP_INVENTORY, "t.owner_section_id = ?1", "code",
    "owner-section", FALSE, {
      TEXT ("code", "code"), TEXT ("name", "name"), TEXT ("description", "description"),
      TEXT ("kind", "kind"), REF ("owner-section", "owner_section_id", "sections", "code"),
      NREF ("holding-section", "holding_section_id", "sections", "code"),
      SOFT ("original", "original_id", "assets", "uuid", TRUE),
      TEXT ("class", "class_code"), TEXT ("criteria", "criteria"),
      TEXT ("cia-note", "cia_note"), TEXT ("medium", "medium"),
      TEXT ("storage-place", "storage_place"), NBOOL ("lockable", "lockable"),
      NBOOL ("finalised", "finalised"), NBOOL ("write-protected", "write_protected"),
      TEXT ("marking", "marking"), NINT ("backup-cycle-days", "backup_cycle_days"),
      NTEXT ("last-backup-on", "last_backup_on"), TEXT ("status", "status"),
      TEXT ("registered-on", "registered_on"),
      { NULL, "search_text", COL_SEARCH, FALSE, NULL, NULL, NULL, FALSE } } },
  { "access", N_("Access rights"), "asset_access", GROUP_INVENTORY, OWN_ASSET, NULL, NULL,
    FALSE, {
      REF ("asset", "asset_id", "assets", "uuid"), PERSON ("person", "person_id"),
      TEXT ("description", "description") } },
  { "takeout", N_("Take-outs"), "asset_takeouts", GROUP_INVENTORY, OWN_ASSET, NULL, NULL,
    FALSE, {
      REF ("asset", "asset_id", "assets", "uuid"), TEXT ("kind", "kind"),
      TEXT ("purpose", "purpose"), TEXT ("method", "method"), TEXT ("handling", "handling"),
      TEXT ("destination", "destination"), TEXT ("requested-by", "requested_by"),
      PERSON ("approver", "approver_id"), NTEXT ("approved-on", "approved_on"),
      TEXT ("out-on", "out_on"), NTEXT ("returned-on", "returned_on"), TEXT ("note", "note") } },
  { "disposal", N_("Disposals"), "asset_disposals", GROUP_INVENTORY, OWN_ASSET, NULL, NULL,
    FALSE, {
      REF ("asset", "asset_id", "assets", "uuid"), PERSON ("approver", "approver_id"),
      NTEXT ("approved-on", "approved_on"), TEXT ("erasure-method", "erasure_method"),
      TEXT ("disposed-on", "disposed_on"), PERSON ("witness", "witness_id"),
      TEXT ("note", "note") } },
  { "area", N_("Managed areas"), "areas", GROUP_AREAS, "t.section_id = ?1", "code", "section",
    FALSE, {
      TEXT ("code", "code"), TEXT ("name", "name"), TEXT ("class", "class_code"),
      TEXT ("building", "building"), TEXT ("floor", "floor"), TEXT ("room", "room"),
      NREF ("section", "section_id", "sections", "code"), PERSON ("officer", "officer_id"),
      NTEXT ("designated-on", "designated_on"), TEXT ("note", "note") } },
  { "measure", N_("Area measures"), "area_measure_notes", GROUP_AREAS, OWN_AREA, NULL, NULL,
    FALSE, {
      REF ("area", "area_id", "areas", "uuid"), TEXT ("measure", "measure_code"),
      TEXT ("how", "how") } },
  { "permit", N_("Permitted people"), "area_permits", GROUP_AREAS, OWN_AREA, NULL, NULL,
    FALSE, {
      REF ("area", "area_id", "areas", "uuid"), PERSON ("person", "person_id"),
      TEXT ("name", "name"), TEXT ("affiliation", "affiliation"), TEXT ("kind", "kind"),
      TEXT ("contract-number", "contract_number"), TEXT ("card-number", "card_number"),
      TEXT ("valid-from", "valid_from"), NTEXT ("valid-to", "valid_to"),
      TEXT ("note", "note") } },
  { "area-asset", N_("Assets in areas"), "area_assets", GROUP_AREAS, OWN_AREA, NULL, NULL,
    FALSE, {
      REF ("area", "area_id", "areas", "uuid"),
      SOFT ("asset", "asset_id", "assets", "uuid", FALSE) } },
  { "entry", N_("Entry log"), "area_entries", GROUP_AREAS, OWN_AREA IN_YEAR ("entered_at"),
    NULL, NULL, FALSE, {
      REF ("area", "area_id", "areas", "uuid"), PERSON ("person", "person_id"),
      TEXT ("name", "name"), TEXT ("affiliation", "affiliation"), TEXT ("kind", "kind"),
      TEXT ("purpose", "purpose"), TEXT ("entered-at", "entered_at"),
      NTEXT ("left-at", "left_at"), PERSON ("escort", "escort_id"),
      BOOL ("id-checked", "id_checked"), TEXT ("card-number", "card_number"),
      TEXT ("items", "items"), BOOL ("unissued-media", "unissued_media"),
      TEXT ("note", "note") } },
  { "move", N_("Equipment moves"), "area_moves", GROUP_AREAS, OWN_AREA IN_YEAR ("moved_at"),
    NULL, NULL, FALSE, {
      REF ("area", "area_id", "areas", "uuid"), TEXT ("direction", "direction"),
      TEXT ("moved-at", "moved_at"), TEXT ("item", "item"),
      SOFT ("asset", "asset_id", "assets", "uuid", TRUE), BOOL ("medium", "is_medium"),
      BOOL ("issued", "issued"), TEXT ("carried-by", "carried_by"),
      PERSON ("witness", "witness_id"), TEXT ("note", "note") } },
  { "sample", N_("Entry log sampling checks"), "area_samples", GROUP_AREAS,
    OWN_AREA IN_YEAR ("done_on"), NULL, NULL, FALSE, {
      REF ("area", "area_id", "areas", "uuid"), TEXT ("period-from", "period_from"),
      TEXT ("period-to", "period_to"), TEXT ("days", "days"), INT ("sampled", "sampled"),
      INT ("defective", "defective"), TEXT ("done-on", "done_on") } },
  { "contract", N_("Contracts"), "contracts", GROUP_CONTRACTS, CONTRACT_IN_YEAR, "number",
    "section", FALSE, {
      TEXT ("number", "number"), TEXT ("title", "title"), TEXT ("vendor", "vendor"),
      REF ("section", "section_id", "sections", "code"), TEXT ("kind", "kind"),
      { "standard", "standard_id", COL_REF, FALSE, "standards", "code", " AND active = 1",
        FALSE },
      TEXT ("starts-on", "starts_on"), TEXT ("ends-on", "ends_on"),
      TEXT ("class", "class_code"), BOOL ("subcontracting", "subcontracting"),
      TEXT ("subcontractor", "subcontractor"), TEXT ("responsible", "responsible"),
      TEXT ("status", "status"), NTEXT ("concluded-on", "concluded_on"),
      NTEXT ("ended-on", "ended_on"), SOFT ("renewal-of", "renewal_of", "contracts", "uuid",
                                           TRUE),
      TEXT ("note", "note") } },
  { "clause", N_("Contract clauses"), "contract_clauses", GROUP_CONTRACTS, OWN_CONTRACT, NULL,
    NULL, FALSE, {
      REF ("contract", "contract_id", "contracts", "uuid"),
      STD ("clause", "clause_id", "clauses"), NTEXT ("answer", "answer"),
      TEXT ("article", "article"), TEXT ("note", "note") } },
  { "check", N_("Operational checks"), "contract_checks", GROUP_CONTRACTS, OWN_CONTRACT, NULL,
    NULL, FALSE, {
      REF ("contract", "contract_id", "contracts", "uuid"),
      STD ("check", "check_id", "operational_checks"), BOOL ("done", "done"),
      NTEXT ("done-on", "done_on"), TEXT ("note", "note") } },
  { "worker", N_("Contract workers"), "contract_workers", GROUP_CONTRACTS, OWN_CONTRACT, NULL,
    NULL, FALSE, {
      REF ("contract", "contract_id", "contracts", "uuid"), TEXT ("name", "name"),
      TEXT ("kana", "kana"), TEXT ("role", "role"), NTEXT ("id-shown-on", "id_shown_on"),
      TEXT ("note", "note") } },
  { "answer", N_("Inspection answers"), "inspection_answers", GROUP_INSPECTION,
    "t.sheet_id = ?4", NULL, NULL, TRUE, {
      { NULL, "sheet_id", COL_SHEET, FALSE, NULL, NULL, NULL, FALSE },
      STD ("item", "item_id", "catalogue_items"), TEXT ("answer", "answer"),
      TEXT ("meaning", "meaning"), TEXT ("evidence", "evidence"),
      TEXT ("observation", "observation"), TEXT ("reason", "reason"),
      TEXT ("plan-action", "plan_action"), TEXT ("plan-owner", "plan_owner"),
      NTEXT ("plan-due", "plan_due"), NTEXT ("plan-done-on", "plan_done_on"),
      TEXT ("fact-note", "fact_note"), TEXT ("answered-by", "answered_by"),
      TEXT ("answered-at", "answered_at") } },
};

#define N_RECORDS G_N_ELEMENTS (records)
#define ANSWER_RECORD (N_RECORDS - 1)

static guint
n_cols (const Record *r)
{
  guint n = 0;

  while (n < MAX_COLS && r->cols[n].column != NULL)
    n++;
  return n;
}

/* The column as text, as the file writes it: NULL when absent. */
static char *
col_out_expr (const Col *c)
{
  switch (c->kind)
    {
    case COL_INT:
      return g_strdup_printf ("CAST (t.%s AS TEXT)", c->column);
    case COL_BOOL:
      return g_strdup_printf ("CASE t.%s WHEN 1 THEN 'true' WHEN 0 THEN 'false' END", c->column);
    case COL_REF:
      return g_strdup_printf ("(SELECT r.%s FROM %s AS r WHERE r.id = t.%s)", c->ref_key,
                              c->ref_table, c->column);
    case COL_SHEET:
    case COL_SEARCH:
      return g_strdup ("NULL");
    case COL_TEXT:
    default:
      return g_strdup_printf ("t.%s", c->column);
    }
}

/* SELECT t.uuid, every column as text FROM the table AS t */
static char *
record_select (const Record *r)
{
  GString *sql = g_string_new ("SELECT t.uuid");
  guint n = n_cols (r);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *expr = col_out_expr (&r->cols[i]);

      g_string_append_printf (sql, ", %s", expr);
    }
  g_string_append_printf (sql, " FROM %s AS t", r->table);
  return g_string_free (sql, FALSE);
}

/* Writing ------------------------------------------------------------------------------------- */

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *io_error;
} Sink;

static int
sink_write (void       *context,
            const char *buffer,
            int         len)
{
  Sink *s = context;

  if (s->io_error != NULL)
    return -1;
  if (!g_output_stream_write_all (s->stream, buffer, len, NULL, s->cancellable, &s->io_error))
    return -1;
  return len;
}

static int
sink_close (void *context)
{
  return 0;
}

static gboolean
write_header (xmlTextWriter *w,
              MamoriStore   *store,
              const char    *section_code,
              const char    *section_name,
              int            fiscal_year,
              GError       **error)
{
  g_autoptr(MamoriStandardInfo) info = mamori_standard_get_info (store, 0, error);
  g_autofree char *now = mamori_timestamp_now ();
  g_autofree char *now_era = mamori_era_format_timestamp (now);
  g_autofree char *year = g_strdup_printf ("%d", fiscal_year);
  g_autofree char *year_label = mamori_fiscal_year_label (fiscal_year);
  g_autofree char *from = mamori_fiscal_year_start_iso (fiscal_year);
  g_autofree char *to = mamori_fiscal_year_end_iso (fiscal_year);
  const char *actor = mamori_store_get_actor (store);
  const char *attrs[][2] = {
    { "section-code", section_code }, { "section-name", section_name },
    { "fiscal-year", year }, { "fiscal-year-era", year_label },
    { "period-from", from }, { "period-to", to },
    { "standard-code", info ? info->code : NULL },
    { "standard-version", info ? info->version : NULL },
    { "catalogue-version", info ? info->catalogue_version : NULL },
    { "exported-at", now }, { "exported-at-era", now_era },
    { "exported-by", actor && *actor ? actor : g_get_user_name () },
  };

  if (info == NULL)
    return FALSE;
  if (xmlTextWriterStartElement (w, BAD_CAST "header") < 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (attrs); i++)
    if (attrs[i][1] != NULL &&
        xmlTextWriterWriteAttribute (w, BAD_CAST attrs[i][0], BAD_CAST attrs[i][1]) < 0)
      return FALSE;
  return xmlTextWriterEndElement (w) >= 0;
}

static gboolean
write_rows (xmlTextWriter  *w,
            MamoriStore    *store,
            const Record   *r,
            gint64          section_id,
            const char     *from,
            const char     *to,
            gint64          sheet_id,
            guint64        *count,
            GCancellable   *cancellable,
            GError        **error)
{
  g_autofree char *select = record_select (r);
  g_autofree char *sql = g_strdup_printf ("%s WHERE %s ORDER BY t.id", select, r->filter);
  guint n = n_cols (r);
  sqlite3_stmt *stmt;
  int rc;

  stmt = mamori_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, section_id);
  mamori_bind_text (stmt, 2, from);
  mamori_bind_text (stmt, 3, to);
  sqlite3_bind_int64 (stmt, 4, sheet_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (xmlTextWriterStartElement (w, BAD_CAST r->element) < 0 ||
          xmlTextWriterWriteAttribute (w, BAD_CAST "uuid",
                                       BAD_CAST mamori_column_text (stmt, 0)) < 0)
        goto fail;
      for (guint i = 0; i < n; i++)
        {
          const Col *c = &r->cols[i];
          const char *value = mamori_column_text (stmt, i + 1);

          if (c->attr == NULL || sqlite3_column_type (stmt, i + 1) == SQLITE_NULL ||
              (!c->nullable && *value == '\0'))
            continue;
          if (xmlTextWriterWriteAttribute (w, BAD_CAST c->attr, BAD_CAST value) < 0)
            goto fail;
        }
      if (xmlTextWriterEndElement (w) < 0)
        goto fail;
      if (++*count % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  return mamori_rows_done (store, stmt, rc, error);

fail:
  sqlite3_reset (stmt);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The XML file could not be written."));
  return FALSE;
}

static gboolean
write_submission (MamoriStore     *store,
                  GOutputStream   *stream,
                  gint64           section_id,
                  const char      *section_code,
                  const char      *section_name,
                  int              fiscal_year,
                  guint64         *count,
                  GCancellable    *cancellable,
                  GError         **error)
{
  Sink sink = { stream, cancellable, NULL };
  g_autofree char *from = mamori_fiscal_year_start_iso (fiscal_year);
  g_autofree char *to = mamori_fiscal_year_end_iso (fiscal_year);
  gint64 cycle = mamori_cycle_find_year (store, fiscal_year);
  gint64 sheet = cycle ? mamori_sheet_find (store, cycle, section_id) : 0;
  xmlOutputBuffer *buffer = xmlOutputBufferCreateIO (sink_write, sink_close, &sink, NULL);
  xmlTextWriter *w = buffer ? xmlNewTextWriter (buffer) : NULL;
  gboolean ok = FALSE;
  int group = -1;

  if (w == NULL)
    {
      if (buffer != NULL)
        xmlOutputBufferClose (buffer);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The XML file could not be written."));
      return FALSE;
    }
  xmlTextWriterSetIndent (w, 1);
  xmlTextWriterSetIndentString (w, BAD_CAST " ");
  if (xmlTextWriterStartDocument (w, NULL, "UTF-8", NULL) < 0 ||
      xmlTextWriterStartElementNS (w, NULL, BAD_CAST "submission",
                                   BAD_CAST MAMORI_SUBMISSION_NAMESPACE) < 0 ||
      xmlTextWriterWriteAttribute (w, BAD_CAST "generator", BAD_CAST "Mamori " PACKAGE_VERSION) < 0)
    goto out;
  if (!write_header (w, store, section_code, section_name, fiscal_year, error))
    goto out;

  for (guint i = 0; i < N_RECORDS; i++)
    {
      const Record *r = &records[i];

      if (r->group != group)
        {
          if ((group >= 0 && xmlTextWriterEndElement (w) < 0) ||
              xmlTextWriterStartElement (w, BAD_CAST group_names[r->group]) < 0)
            goto out;
          group = r->group;
          if (group == GROUP_INSPECTION && sheet != 0)
            {
              g_autoptr(MamoriSheet) s = mamori_sheet_get (store, sheet, error);
              g_autofree char *version = NULL;

              if (s == NULL)
                goto out;
              version = g_strdup_printf ("%d", s->version);
              if (xmlTextWriterStartElement (w, BAD_CAST "sheet") < 0 ||
                  xmlTextWriterWriteAttribute (w, BAD_CAST "uuid", BAD_CAST s->uuid) < 0 ||
                  xmlTextWriterWriteAttribute (w, BAD_CAST "status", BAD_CAST s->status) < 0 ||
                  xmlTextWriterWriteAttribute (w, BAD_CAST "version", BAD_CAST version) < 0 ||
                  (s->content_hash &&
                   xmlTextWriterWriteAttribute (w, BAD_CAST "content-hash",
                                                BAD_CAST s->content_hash) < 0) ||
                  (s->submitted_by &&
                   xmlTextWriterWriteAttribute (w, BAD_CAST "submitted-by",
                                                BAD_CAST s->submitted_by) < 0) ||
                  (s->submitted_at &&
                   xmlTextWriterWriteAttribute (w, BAD_CAST "submitted-at",
                                                BAD_CAST s->submitted_at) < 0) ||
                  xmlTextWriterEndElement (w) < 0)
                goto out;
            }
        }
      if (!write_rows (w, store, r, section_id, from, to, sheet, count, cancellable, error))
        goto out;
    }
  if (xmlTextWriterEndElement (w) < 0 || xmlTextWriterEndElement (w) < 0 ||
      xmlTextWriterEndDocument (w) < 0 || xmlTextWriterFlush (w) < 0)
    goto out;
  ok = TRUE;

out:
  xmlFreeTextWriter (w);
  if (!ok && error != NULL && *error == NULL)
    {
      if (sink.io_error != NULL)
        g_propagate_error (error, g_steal_pointer (&sink.io_error));
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The XML file could not be written."));
    }
  g_clear_error (&sink.io_error);
  return ok;
}

/**
 * mamori_submission_export_file:
 * @section_code: the section whose year is written
 * @overwrite: replace @path if it exists
 *
 * Writes the section's submission for @fiscal_year into a new file beside @path (readable by
 * its owner only), checks it against the schema as a stream, and renames it to @path.  A
 * failure leaves @path as it was.  Constant memory: one record at a time.
 */
gboolean
mamori_submission_export_file (MamoriStore                  *store,
                               const char                   *section_code,
                               int                           fiscal_year,
                               const char                   *path,
                               gboolean                      overwrite,
                               MamoriSubmissionExportStats  *stats,
                               GCancellable                 *cancellable,
                               GError                      **error)
{
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autoptr(GFile) parent = g_file_get_parent (target);
  g_autofree char *base = g_file_get_basename (target);
  g_autofree char *part_name = g_strdup_printf (".%s.%08x.part", base, g_random_int ());
  g_autoptr(GFile) part = parent ? g_file_get_child (parent, part_name)
                                 : g_file_new_for_path (part_name);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autofree char *section_name = NULL;
  sqlite3_stmt *stmt;
  gint64 section_id = 0;
  guint64 count = 0;
  gboolean ok;

  if (fiscal_year < 1989 || fiscal_year > 2200)
    {
      g_set_error (error, MAMORI_SUBMISSION_ERROR, MAMORI_SUBMISSION_ERROR_NOT_FOUND,
                   _("%d is not a fiscal year Mamori knows."), fiscal_year);
      return FALSE;
    }
  stmt = mamori_store_prepare (store, "SELECT id, name FROM sections WHERE code = ?", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, section_code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      section_id = sqlite3_column_int64 (stmt, 0);
      section_name = g_strdup (mamori_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (section_id == 0)
    {
      g_set_error (error, MAMORI_SUBMISSION_ERROR, MAMORI_SUBMISSION_ERROR_NOT_FOUND,
                   _("No section has the code “%s”."), section_code);
      return FALSE;
    }
  if (!overwrite && g_file_query_exists (target, cancellable))
    {
      g_set_error (error, MAMORI_SUBMISSION_ERROR, MAMORI_SUBMISSION_ERROR_EXISTS,
                   _("“%s” already exists."), path);
      return FALSE;
    }

  stream = g_file_create (part, G_FILE_CREATE_PRIVATE, cancellable, error);
  if (stream == NULL)
    return FALSE;
  /* One read transaction: the records written agree with each other. */
  ok = mamori_store_exec (store, "BEGIN", error);
  if (ok)
    {
      ok = write_submission (store, G_OUTPUT_STREAM (stream), section_id, section_code,
                             section_name, fiscal_year, &count, cancellable, error);
      mamori_store_exec (store, "COMMIT", NULL);
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, ok ? error : NULL))
    ok = FALSE;
  ok = ok && mamori_submission_validate_file (part, NULL, cancellable, error);
  if (ok)
    ok = g_file_move (part, target, overwrite ? G_FILE_COPY_OVERWRITE : G_FILE_COPY_NONE, NULL,
                      NULL, NULL, error);
  if (!ok)
    g_file_delete (part, NULL, NULL);
  else if (stats != NULL)
    {
      g_autoptr(GFileInfo) info = g_file_query_info (target, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);

      stats->records = count;
      stats->bytes = info ? (guint64)g_file_info_get_size (info) : 0;
    }
  return ok;
}

/* Reading ------------------------------------------------------------------------------------- */

#define MAX_ATTRS 40
#define MAX_DEPTH 4

typedef struct
{
  const char *name;
  char       *value;
} Attr;

typedef struct
{
  /* The file */
  xmlTextReader  *reader;
  MamoriXmlErrors c;
  char           *name;
  gsize           max_text;
  Attr            attrs[MAX_ATTRS];
  guint           n_attrs;
  guint64         records;
  /* The database (NULL: validation only) */
  MamoriStore    *store;
  MamoriSubmissionPreview *preview;
  gboolean        skip;         /* the header blocks: records are read, not compared */
  gboolean        bulk;         /* a large file: the assets' indexes are rebuilt at the end */
  gboolean        assets_written;
  gint64          section_id;
  char           *section_code;
  gint64          cycle_id;
  gint64          sheet_id;
  char           *sheet_status; /* here, before the import */
  gboolean        sheet_changed;
  char           *submitted_by;
  char           *submitted_at;
  GHashTable     *areas;        /* area ids whose entries changed */
  char           *selects[N_RECORDS];
  MamoriProgressFunc progress;
  gpointer        progress_data;
  guint64         file_size;
} Reader;

static void
attrs_clear (Reader *r)
{
  for (guint i = 0; i < r->n_attrs; i++)
    g_free (r->attrs[i].value);
  r->n_attrs = 0;
}

static const char *
attr (Reader     *r,
      const char *name)
{
  for (guint i = 0; i < r->n_attrs; i++)
    if (strcmp (r->attrs[i].name, name) == 0)
      return r->attrs[i].value;
  return NULL;
}

static void
reader_clear (Reader *r)
{
  attrs_clear (r);
  g_clear_pointer (&r->reader, xmlFreeTextReader);
  g_clear_pointer (&r->c.message, g_free);
  g_clear_pointer (&r->name, g_free);
  g_clear_pointer (&r->section_code, g_free);
  g_clear_pointer (&r->sheet_status, g_free);
  g_clear_pointer (&r->submitted_by, g_free);
  g_clear_pointer (&r->submitted_at, g_free);
  g_clear_pointer (&r->areas, g_hash_table_unref);
  for (guint i = 0; i < N_RECORDS; i++)
    g_clear_pointer (&r->selects[i], g_free);
}

static void
mismatch_free (MamoriMismatch *m)
{
  g_free (m->element);
  g_free (m->record);
  g_free (m->message);
  g_free (m);
}

static void
tally_free (MamoriSubmissionTally *t)
{
  g_free (t->element);
  g_free (t);
}

void
mamori_submission_preview_free (MamoriSubmissionPreview *p)
{
  if (p == NULL)
    return;
  g_free (p->section_code);
  g_free (p->section_name);
  g_free (p->standard_code);
  g_free (p->standard_version);
  g_free (p->catalogue_version);
  g_free (p->exported_at);
  g_free (p->exported_by);
  g_free (p->sheet_status);
  g_clear_pointer (&p->tallies, g_ptr_array_unref);
  g_clear_pointer (&p->mismatches, g_ptr_array_unref);
  g_free (p);
}

static MamoriSubmissionPreview *
preview_new (void)
{
  MamoriSubmissionPreview *p = g_new0 (MamoriSubmissionPreview, 1);

  p->tallies = g_ptr_array_new_with_free_func ((GDestroyNotify)tally_free);
  p->mismatches = g_ptr_array_new_with_free_func ((GDestroyNotify)mismatch_free);
  for (guint i = 0; i < N_RECORDS; i++)
    {
      MamoriSubmissionTally *t = g_new0 (MamoriSubmissionTally, 1);

      t->element = g_strdup (records[i].element);
      t->label = _(records[i].label);
      g_ptr_array_add (p->tallies, t);
    }
  return p;
}

const char *
mamori_mismatch_kind_label (MamoriMismatchKind kind)
{
  switch (kind)
    {
    case MAMORI_MISMATCH_UNKNOWN_SECTION: return _("Unknown section");
    case MAMORI_MISMATCH_OTHER_STANDARD: return _("Other standard or catalogue version");
    case MAMORI_MISMATCH_NO_CYCLE: return _("No inspection cycle");
    case MAMORI_MISMATCH_OTHER_SECTION: return _("Record of another section");
    case MAMORI_MISMATCH_CODE_TAKEN: return _("Code used by another record");
    case MAMORI_MISMATCH_UNKNOWN_REFERENCE: return _("Unknown reference");
    case MAMORI_MISMATCH_SHEET_ACCEPTED: return _("Sheet already accepted");
    case MAMORI_MISMATCH_INVALID_RECORD: return _("Record refused");
    case MAMORI_MISMATCH_ANSWER_MISSING: return _("Answer missing");
    case MAMORI_MISMATCH_CONFLICT: return _("Differs from this database");
    case MAMORI_MISMATCH_SKIPPED: return _("Link left out");
    default: return "";
    }
}

static gboolean
kind_blocks (MamoriMismatchKind kind)
{
  return kind < MAMORI_MISMATCH_ANSWER_MISSING;
}

static void
add_mismatch (Reader             *r,
              MamoriMismatchKind  kind,
              const char         *element,
              const char         *record,
              char               *message)
{
  MamoriSubmissionPreview *p = r->preview;

  p->n_mismatches++;
  if (kind_blocks (kind))
    p->n_blocking++;
  if (p->mismatches->len < MAMORI_SUBMISSION_MAX_LISTED)
    {
      MamoriMismatch *m = g_new0 (MamoriMismatch, 1);

      m->kind = kind;
      m->blocking = kind_blocks (kind);
      m->line = r->reader ? xmlTextReaderGetParserLineNumber (r->reader) : 0;
      m->element = g_strdup (element);
      m->record = g_strdup (record);
      m->message = message;
      g_ptr_array_add (p->mismatches, m);
    }
  else
    g_free (message);
}

/* How a record is named in messages: its code if it has one, else its uuid. */
static const char *
record_name (Reader       *r,
             const Record *rec)
{
  const char *name = NULL;

  if (rec->code_attr != NULL)
    name = attr (r, rec->code_attr);
  else if (rec->by_key)
    name = attr (r, "item");
  return name ? name : attr (r, "uuid");
}

static gint64
lookup_ref (Reader     *r,
            const Col  *c,
            const char *value)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE %s = ?%s", c->ref_table,
                                          c->ref_key, c->ref_extra);
  sqlite3_stmt *stmt = mamori_store_prepare (r->store, sql, NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  mamori_bind_text (stmt, 1, value);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

/* What an asset's search finds, as mamori-asset.c indexes it. */
static char *
search_text (Reader *r)
{
  const char *description = attr (r, "description");
  g_autofree char *joined = g_strjoin (" ", attr (r, "code"), attr (r, "name"),
                                       description ? description : "", NULL);

  return mamori_text_fold (joined);
}

static void
bind_col (Reader       *r,
          sqlite3_stmt *stmt,
          int           index,
          const Col    *c,
          const char   *value,
          gint64        ref)
{
  switch (c->kind)
    {
    case COL_SHEET:
      sqlite3_bind_int64 (stmt, index, r->sheet_id);
      break;
    case COL_SEARCH:
      sqlite3_bind_text (stmt, index, search_text (r), -1, g_free);
      break;
    case COL_REF:
      if (ref != 0)
        sqlite3_bind_int64 (stmt, index, ref);
      else
        sqlite3_bind_null (stmt, index);
      break;
    case COL_INT:
      if (value != NULL)
        sqlite3_bind_int64 (stmt, index, g_ascii_strtoll (value, NULL, 10));
      else
        sqlite3_bind_null (stmt, index);
      break;
    case COL_BOOL:
      if (value != NULL)
        sqlite3_bind_int (stmt, index, strcmp (value, "true") == 0 || strcmp (value, "1") == 0);
      else if (c->nullable)
        sqlite3_bind_null (stmt, index);
      else
        sqlite3_bind_int (stmt, index, 0);
      break;
    case COL_TEXT:
    default:
      mamori_bind_text (stmt, index, value ? value : c->nullable ? NULL : "");
      break;
    }
}

/* The fields in which the row here differs from the file, joined by ", "; NULL if none. */
static char *
differences (Reader       *r,
             guint         index,
             gint64        id,
             gint64       *owner_here)
{
  const Record *rec = &records[index];
  g_autoptr(GString) diff = g_string_new (NULL);
  sqlite3_stmt *stmt;
  guint n = n_cols (rec);

  if (r->selects[index] == NULL)
    {
      g_autofree char *select = record_select (rec);

      r->selects[index] = g_strdup_printf ("%s WHERE t.id = ?", select);
    }
  stmt = mamori_store_prepare (r->store, r->selects[index], NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    for (guint i = 0; i < n; i++)
      {
        const Col *c = &rec->cols[i];
        const char *here = (const char *)sqlite3_column_text (stmt, i + 1);
        const char *there;

        if (c->attr == NULL)
          continue;
        there = attr (r, c->attr);
        if (here != NULL && *here == '\0' && !c->nullable)
          here = NULL;
        if (g_strcmp0 (here, there) != 0)
          g_string_append_printf (diff, "%s%s", diff->len ? ", " : "", c->attr);
        if (owner_here != NULL && rec->owner_attr && strcmp (c->attr, rec->owner_attr) == 0 &&
            g_strcmp0 (here, r->section_code) != 0 && here != NULL)
          *owner_here = 1;
      }
  sqlite3_reset (stmt);
  return diff->len ? g_strdup (diff->str) : NULL;
}

static gint64
find_existing (Reader       *r,
               const Record *rec,
               gint64        item_id,
               char        **uuid_here)
{
  g_autofree char *sql = rec->by_key
    ? g_strdup_printf ("SELECT id, uuid FROM %s WHERE sheet_id = ?1 AND item_id = ?2", rec->table)
    : g_strdup_printf ("SELECT id, uuid FROM %s WHERE uuid = ?3", rec->table);
  sqlite3_stmt *stmt = mamori_store_prepare (r->store, sql, NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, r->sheet_id);
  sqlite3_bind_int64 (stmt, 2, item_id);
  mamori_bind_text (stmt, 3, attr (r, "uuid"));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      *uuid_here = g_strdup (mamori_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  return id;
}

static gboolean
write_record (Reader       *r,
              const Record *rec,
              const char   *uuid,
              gboolean      insert,
              const gint64 *refs,
              GError      **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  guint n = n_cols (rec);
  sqlite3_stmt *stmt;

  if (insert)
    {
      g_string_append_printf (sql, "INSERT INTO %s (uuid", rec->table);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (sql, ", %s", rec->cols[i].column);
      g_string_append (sql, ") VALUES (?1");
      for (guint i = 0; i < n; i++)
        g_string_append_printf (sql, ", ?%u", i + 2);
      g_string_append_c (sql, ')');
    }
  else
    {
      g_string_append_printf (sql, "UPDATE %s SET ", rec->table);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (sql, "%s%s = ?%u", i ? ", " : "", rec->cols[i].column, i + 2);
      g_string_append (sql, " WHERE uuid = ?1");
    }
  stmt = mamori_store_prepare (r->store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  for (guint i = 0; i < n; i++)
    bind_col (r, stmt, i + 2, &rec->cols[i],
              rec->cols[i].attr ? attr (r, rec->cols[i].attr) : NULL, refs[i]);
  return mamori_store_audited_step (r->store, rec->table, uuid,
                                    insert ? MAMORI_AUDIT_INSERT : MAMORI_AUDIT_UPDATE, stmt,
                                    error);
}

/* The asset's search index, unless a bulk load rebuilds it at its end.  The checks of the
 * assets are computed once after the last record (mamori_rules_refresh of one asset reads the
 * whole table). */
static gboolean
refresh_asset (Reader      *r,
               gint64       id,
               const char  *old_text,
               GError     **error)
{
  g_autofree char *text = NULL;

  r->assets_written = TRUE;
  if (r->bulk)
    return TRUE;
  text = search_text (r);
  return g_strcmp0 (old_text, text) == 0 ||
         mamori_asset_search_index (r->store, id, old_text && *old_text ? old_text : NULL, text,
                                    error);
}

static gboolean
process_record (Reader  *r,
                guint    index,
                GError **error)
{
  const Record *rec = &records[index];
  MamoriSubmissionTally *tally = g_ptr_array_index (r->preview->tallies, index);
  const char *uuid = attr (r, "uuid");
  const char *name = record_name (r, rec);
  gint64 refs[MAX_COLS] = { 0 };
  g_autofree char *uuid_here = NULL;
  g_autofree char *diff = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *sql_old = NULL;
  gboolean is_asset = strcmp (rec->table, "assets") == 0;
  guint n = n_cols (rec);
  gint64 id, item_id = 0, owner_here = 0;

  if (rec->by_key && r->sheet_id == 0)
    return TRUE;    /* the sheet's own mismatch says why */

  for (guint i = 0; i < n; i++)
    {
      const Col *c = &rec->cols[i];
      const char *value = c->attr ? attr (r, c->attr) : NULL;

      if (c->kind != COL_REF || value == NULL)
        continue;
      refs[i] = lookup_ref (r, c, value);
      if (refs[i] != 0)
        {
          if (c == &records[ANSWER_RECORD].cols[1])
            item_id = refs[i];
          continue;
        }
      if (c->soft)
        {
          add_mismatch (r, MAMORI_MISMATCH_SKIPPED, rec->element, name,
                        g_strdup_printf (c->nullable
                                         ? _("%s “%s”: its %s “%s” is not in this database; "
                                             "the link is left out.")
                                         : _("%s “%s”: its %s “%s” is not in this database; "
                                             "the record is left out."),
                                         _(rec->label), name, c->attr, value));
          if (!c->nullable)
            return TRUE;
          continue;
        }
      add_mismatch (r, MAMORI_MISMATCH_UNKNOWN_REFERENCE, rec->element, name,
                    g_strdup_printf (_("%s “%s”: its %s “%s” is not in this database."),
                                     _(rec->label), name, c->attr, value));
      return TRUE;
    }

  if (rec->owner_attr != NULL && g_strcmp0 (attr (r, rec->owner_attr), r->section_code) != 0)
    {
      add_mismatch (r, MAMORI_MISMATCH_OTHER_SECTION, rec->element, name,
                    g_strdup_printf (_("%s “%s” belongs to section “%s”, not to the section "
                                       "that submits the file."), _(rec->label), name,
                                     attr (r, rec->owner_attr)));
      return TRUE;
    }

  id = find_existing (r, rec, item_id, &uuid_here);
  if (id != 0)
    {
      diff = differences (r, index, id, &owner_here);
      if (owner_here)
        {
          add_mismatch (r, MAMORI_MISMATCH_OTHER_SECTION, rec->element, name,
                        g_strdup_printf (_("%s “%s” belongs to another section in this "
                                           "database."), _(rec->label), name));
          return TRUE;
        }
      if (diff == NULL)
        {
          tally->unchanged++;
          r->preview->unchanged++;
          return TRUE;
        }
      add_mismatch (r, MAMORI_MISMATCH_CONFLICT, rec->element, name,
                    g_strdup_printf (_("%s “%s” differs from this database in: %s. The "
                                       "section's version replaces it."), _(rec->label), name,
                                     diff));
    }
  else if (rec->code_attr != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE %s = ?", rec->table,
                                              rec->code_attr);
      if (mamori_store_id_by_text (r->store, sql, attr (r, rec->code_attr)) != 0)
        {
          add_mismatch (r, MAMORI_MISMATCH_CODE_TAKEN, rec->element, name,
                        g_strdup_printf (_("%s “%s”: another record of this database has "
                                           "that code."), _(rec->label), name));
          return TRUE;
        }
    }

  if (is_asset && id != 0 && !r->bulk)
    old_text = mamori_store_query_text (r->store, sql_old = g_strdup_printf (
      "SELECT search_text FROM assets WHERE id = %" G_GINT64_FORMAT, id));
  if (!write_record (r, rec, id ? uuid_here : uuid, id == 0, refs, &local_error))
    {
      if (!g_error_matches (local_error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_CONSTRAINT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      add_mismatch (r, MAMORI_MISMATCH_INVALID_RECORD, rec->element, name,
                    g_strdup_printf (_("%s “%s” is refused by this database: %s"),
                                     _(rec->label), name, local_error->message));
      return TRUE;
    }
  if (id == 0)
    {
      tally->added++;
      r->preview->added++;
    }
  else
    {
      tally->updated++;
      r->preview->updated++;
    }
  if (is_asset)
    return refresh_asset (r, id ? id : mamori_store_get_last_insert_id (r->store), old_text,
                          error);
  if (rec->group == GROUP_AREAS && refs[0] != 0)
    g_hash_table_add (r->areas, GINT_TO_POINTER ((int)refs[0]));
  if (rec->by_key)
    r->sheet_changed = TRUE;
  return TRUE;
}

static gboolean
process_header (Reader  *r,
                GError **error)
{
  MamoriSubmissionPreview *p = r->preview;
  g_autoptr(MamoriStandardInfo) info = NULL;
  const char *year = attr (r, "fiscal-year");

  p->section_code = g_strdup (attr (r, "section-code"));
  p->section_name = g_strdup (attr (r, "section-name"));
  p->fiscal_year = year ? (int)g_ascii_strtoll (year, NULL, 10) : 0;
  p->standard_code = g_strdup (attr (r, "standard-code"));
  p->standard_version = g_strdup (attr (r, "standard-version"));
  p->catalogue_version = g_strdup (attr (r, "catalogue-version"));
  p->exported_at = g_strdup (attr (r, "exported-at"));
  p->exported_by = g_strdup (attr (r, "exported-by"));
  r->section_code = g_strdup (p->section_code);
  if (r->store == NULL)
    return TRUE;

  r->section_id = mamori_store_id_by_text (r->store, "SELECT id FROM sections WHERE code = ?",
                                           p->section_code);
  if (r->section_id == 0)
    {
      add_mismatch (r, MAMORI_MISMATCH_UNKNOWN_SECTION, "header", p->section_code,
                    g_strdup_printf (_("This database has no section with the code “%s” (%s). "
                                       "Add the section first."), p->section_code,
                                     p->section_name));
      r->skip = TRUE;
    }
  info = mamori_standard_get_info (r->store, 0, error);
  if (info == NULL)
    return FALSE;
  if (g_strcmp0 (info->code, p->standard_code) != 0 ||
      g_strcmp0 (info->version, p->standard_version) != 0 ||
      g_strcmp0 (info->catalogue_version, p->catalogue_version) != 0)
    {
      add_mismatch (r, MAMORI_MISMATCH_OTHER_STANDARD, "header", p->standard_code,
                    g_strdup_printf (_("The file was made under standard %s version %s, "
                                       "catalogue %s; this database uses %s version %s, "
                                       "catalogue %s."),
                                     p->standard_code, p->standard_version,
                                     p->catalogue_version, info->code, info->version,
                                     info->catalogue_version));
      r->skip = TRUE;
    }
  return TRUE;
}

static gboolean
process_sheet (Reader  *r,
               GError **error)
{
  g_autoptr(MamoriSheet) sheet = NULL;
  g_autoptr(MamoriCycle) cycle = NULL;
  g_autofree char *label = mamori_fiscal_year_label (r->preview->fiscal_year);

  r->preview->sheet_status = g_strdup (attr (r, "status"));
  r->submitted_by = g_strdup (attr (r, "submitted-by"));
  r->submitted_at = g_strdup (attr (r, "submitted-at"));
  r->cycle_id = mamori_cycle_find_year (r->store, r->preview->fiscal_year);
  if (r->cycle_id != 0)
    cycle = mamori_cycle_get (r->store, r->cycle_id, error);
  if (r->cycle_id != 0 && cycle == NULL)
    return FALSE;
  if (cycle == NULL)
    {
      add_mismatch (r, MAMORI_MISMATCH_NO_CYCLE, "sheet", r->section_code,
                    g_strdup_printf (_("This database has no inspection cycle for %s: open it "
                                       "in Inspections, then import the file again."), label));
      return TRUE;
    }
  if (cycle->standard_id != mamori_standard_get_active_id (r->store))
    {
      add_mismatch (r, MAMORI_MISMATCH_OTHER_STANDARD, "sheet", r->section_code,
                    g_strdup_printf (_("The inspection cycle for %s uses another standard "
                                       "than the file."), label));
      return TRUE;
    }
  r->sheet_id = mamori_sheet_find (r->store, r->cycle_id, r->section_id);
  if (r->sheet_id == 0)
    {
      add_mismatch (r, MAMORI_MISMATCH_NO_CYCLE, "sheet", r->section_code,
                    g_strdup_printf (_("The inspection cycle for %s has no sheet for section "
                                       "“%s”."), label, r->section_code));
      return TRUE;
    }
  sheet = mamori_sheet_get (r->store, r->sheet_id, error);
  if (sheet == NULL)
    return FALSE;
  r->sheet_status = g_strdup (sheet->status);
  return TRUE;
}

/* After the last answer: what is missing, and the sheet's state. */
static gboolean
finish_sheet (Reader  *r,
              GError **error)
{
  const char *status = r->preview->sheet_status;
  gboolean frozen = g_strcmp0 (status, "submitted") == 0 || g_strcmp0 (status, "accepted") == 0;
  sqlite3_stmt *stmt;
  int rc;

  if (r->sheet_id == 0)
    return TRUE;
  stmt = mamori_store_prepare (r->store,
    "SELECT ci.code FROM catalogue_items AS ci "
    "WHERE ci.standard_id = (SELECT standard_id FROM inspection_cycles WHERE id = ?1) "
    "AND (NOT EXISTS (SELECT 1 FROM item_respondents AS r0 WHERE r0.item_id = ci.id) "
    " OR EXISTS (SELECT 1 FROM item_respondents AS r JOIN standard_roles AS sr "
    "  ON sr.standard_id = ci.standard_id AND sr.code = r.role_code "
    "  WHERE r.item_id = ci.id AND sr.function IN ('section-officer', 'staff'))) "
    "AND NOT EXISTS (SELECT 1 FROM inspection_answers AS a WHERE a.sheet_id = ?2 "
    " AND a.item_id = ci.id) ORDER BY ci.ordinal, ci.code", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, r->cycle_id);
  sqlite3_bind_int64 (stmt, 2, r->sheet_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_mismatch (r, MAMORI_MISMATCH_ANSWER_MISSING, "answer", mamori_column_text (stmt, 0),
                  g_strdup_printf (_("Item %s applies to the section but has no answer."),
                                   mamori_column_text (stmt, 0)));
  if (!mamori_rows_done (r->store, stmt, rc, error))
    return FALSE;

  if (r->sheet_changed && g_strcmp0 (r->sheet_status, "accepted") == 0)
    {
      add_mismatch (r, MAMORI_MISMATCH_SHEET_ACCEPTED, "sheet", r->section_code,
                    g_strdup_printf (_("The sheet of section “%s” was accepted here and the "
                                       "file changes its answers: return the sheet first."),
                                     r->section_code));
      return TRUE;
    }
  if (frozen && (r->sheet_changed || g_strcmp0 (r->sheet_status, "draft") == 0 ||
                 g_strcmp0 (r->sheet_status, "returned") == 0))
    {
      g_autoptr(MamoriSheet) sheet = NULL;

      if (!mamori_inspection_freeze (r->store, r->sheet_id, FALSE, error))
        return FALSE;
      /* Submitted in the section's name, when it did. */
      sheet = mamori_sheet_get (r->store, r->sheet_id, error);
      if (sheet == NULL)
        return FALSE;
      if (r->submitted_by != NULL && r->submitted_at != NULL)
        {
          stmt = mamori_store_prepare (r->store, "UPDATE inspection_sheets SET submitted_by = ?2, "
                                                 "submitted_at = ?3 WHERE uuid = ?1", error);
          if (stmt == NULL)
            return FALSE;
          mamori_bind_text (stmt, 1, sheet->uuid);
          mamori_bind_text (stmt, 2, r->submitted_by);
          mamori_bind_text (stmt, 3, r->submitted_at);
          if (!mamori_store_audited_step (r->store, "inspection_sheets", sheet->uuid,
                                          MAMORI_AUDIT_UPDATE, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
process_element (Reader      *r,
                 const char  *local,
                 int          depth,
                 GError     **error)
{
  if (depth == 1 && strcmp (local, "header") == 0)
    return process_header (r, error);
  if (r->store == NULL || r->skip || depth != 2)
    return TRUE;
  if (strcmp (local, "sheet") == 0)
    return process_sheet (r, error);
  for (guint i = 0; i < N_RECORDS; i++)
    if (strcmp (records[i].element, local) == 0)
      return process_record (r, i, error);
  return TRUE;
}

static gboolean
read_fail (Reader             *r,
           MamoriXmlError      code,
           GError            **error)
{
  g_autoptr(GRegex) ns = g_regex_new ("\\{[^}]*\\}", 0, 0, NULL);
  g_autofree char *message = r->c.message
    ? g_regex_replace_literal (ns, r->c.message, -1, 0, "", 0, NULL) : NULL;

  if (code == MAMORI_XML_ERROR_INVALID)
    g_set_error (error, MAMORI_XML_ERROR, code,
                 _("“%s” does not follow its schema (line %d): %s"), r->name, r->c.line,
                 message ? message : _("invalid"));
  else
    g_set_error (error, MAMORI_XML_ERROR, code,
                 _("“%s” is not well-formed XML (line %d): %s"), r->name, r->c.line,
                 message ? message : _("unreadable"));
  return FALSE;
}

/* Reads the whole file; with a store, compares and writes each record (in the caller's
 * transaction). */
static gboolean
read_file (Reader        *r,
           GFile         *file,
           guint64        max_size,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autofree char *head = NULL;
  g_autofree char *path = g_file_get_path (file);
  xmlSchema *schema;
  gsize head_len = 0;
  gboolean ok = FALSE;
  int rc, last_line = 0;

  r->name = g_file_get_basename (file);
  schema = mamori_xml_schema (MAMORI_SUBMISSION_SCHEMA_RESOURCE, error);
  if (schema == NULL)
    return FALSE;
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, error);
  if (info == NULL)
    return FALSE;
  r->file_size = (guint64)g_file_info_get_size (info);
  if (r->file_size > max_size)
    {
      g_autofree char *size = g_format_size (r->file_size);
      g_autofree char *limit = g_format_size (max_size);

      g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_TOO_LARGE,
                   _("“%s” is too large (%s; at most %s is accepted)."), r->name, size, limit);
      return FALSE;
    }
  in = g_file_read (file, cancellable, error);
  if (in == NULL)
    return FALSE;
  head = g_malloc (65536);
  if (!g_input_stream_read_all (G_INPUT_STREAM (in), head, 65536, &head_len, cancellable, error))
    return FALSE;
  g_input_stream_close (G_INPUT_STREAM (in), NULL, NULL);
  if (head_len == 0)
    {
      g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_MALFORMED, _("“%s” is empty."),
                   r->name);
      return FALSE;
    }
  if (mamori_xml_prolog_has_doctype (head, head_len))
    {
      g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNSAFE,
                   _("“%s” contains a document type declaration (DOCTYPE). Mamori refuses "
                     "such files because they can make a reader fetch or expand content."),
                   r->name);
      return FALSE;
    }

  /* NONET; neither NOENT nor DTDLOAD: nothing is ever fetched or expanded. */
  r->reader = xmlReaderForFile (path, NULL, XML_PARSE_NONET);
  if (r->reader == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("“%s” cannot be read."), r->name);
      return FALSE;
    }
  xmlTextReaderSetStructuredErrorHandler (r->reader,
                                          (xmlStructuredErrorFunc)mamori_xml_errors_collect,
                                          &r->c);
  if (xmlTextReaderSetSchema (r->reader, schema) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("“%s” cannot be read."), r->name);
      return FALSE;
    }

  while ((rc = xmlTextReaderRead (r->reader)) == 1)
    {
      int type = xmlTextReaderNodeType (r->reader);
      int depth = xmlTextReaderDepth (r->reader);
      const char *local = (const char *)xmlTextReaderConstLocalName (r->reader);

      /* Another kind of file is named as such, before its schema errors. */
      if (type == XML_READER_TYPE_ELEMENT && depth == 0)
        {
          const char *uri = (const char *)xmlTextReaderConstNamespaceUri (r->reader);

          if (g_strcmp0 (uri, MAMORI_SUBMISSION_NAMESPACE) != 0 ||
              strcmp (local, "submission") != 0)
            {
              g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNKNOWN,
                           _("“%s” is not a section submission: its root element is <%s> in "
                             "the namespace “%s”."), r->name, local, uri ? uri : "");
              return FALSE;
            }
        }
      if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY_REFERENCE)
        {
          g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNSAFE,
                       _("“%s” contains a document type declaration (DOCTYPE). Mamori refuses "
                         "such files because they can make a reader fetch or expand content."),
                       r->name);
          return FALSE;
        }
      if (depth > MAX_DEPTH)
        {
          g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_INVALID,
                       _("“%s” is nested too deeply (line %d, element <%s>)."), r->name,
                       xmlTextReaderGetParserLineNumber (r->reader), local);
          return FALSE;
        }
      /* Sizes first: the schema's message would quote the whole value. */
      if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA)
        {
          const xmlChar *value = xmlTextReaderConstValue (r->reader);

          if (value != NULL && strlen ((const char *)value) > r->max_text)
            goto too_long;
        }
      if (type == XML_READER_TYPE_ELEMENT)
        {
          if (xmlTextReaderAttributeCount (r->reader) > MAX_ATTRS)
            {
              g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_INVALID,
                           _("“%s”, line %d: element <%s> has too many attributes."), r->name,
                           xmlTextReaderGetParserLineNumber (r->reader), local);
              return FALSE;
            }
          attrs_clear (r);
          while (xmlTextReaderMoveToNextAttribute (r->reader) == 1)
            {
              const char *value = (const char *)xmlTextReaderConstValue (r->reader);

              if (value != NULL && strlen (value) > r->max_text)
                goto too_long;
              r->attrs[r->n_attrs].name =
                g_intern_string ((const char *)xmlTextReaderConstLocalName (r->reader));
              r->attrs[r->n_attrs].value = g_strdup (value);
              r->n_attrs++;
            }
          xmlTextReaderMoveToElement (r->reader);
        }
      if (r->c.message != NULL)
        break;

      if (type == XML_READER_TYPE_END_ELEMENT && depth == 1 && r->store != NULL && !r->skip &&
          strcmp (local, "inspection") == 0)
        {
          if (!finish_sheet (r, error))
            return FALSE;
          continue;
        }
      if (type != XML_READER_TYPE_ELEMENT)
        continue;
      if (!process_element (r, local, depth, error))
        return FALSE;
      if (depth == 2 && ++r->records % 4096 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (r->progress != NULL && r->file_size > 0)
            r->progress (MIN (1.0, (double)xmlTextReaderByteConsumed (r->reader) / r->file_size),
                         _("Reading the submission"), r->progress_data);
        }
      last_line = xmlTextReaderGetParserLineNumber (r->reader);
    }

  if (rc != 0 || r->c.message != NULL || xmlTextReaderIsValid (r->reader) != 1)
    {
      /* Some parser errors reach only libxml2's last error, not the reader's handler. */
      if (r->c.message == NULL)
        mamori_xml_errors_collect (&r->c, (xmlError *)xmlGetLastError ());
      if (r->c.line == 0)
        r->c.line = last_line;
      return read_fail (r, r->c.domain == XML_FROM_SCHEMASV ||
                           (r->c.message == NULL && rc == 0)
                           ? MAMORI_XML_ERROR_INVALID : MAMORI_XML_ERROR_MALFORMED, error);
    }
  ok = TRUE;
  return ok;

too_long:
  {
    g_autofree char *limit = g_format_size (r->max_text);

    g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_TOO_LARGE,
                 _("“%s”, line %d: a text longer than %s is refused."), r->name,
                 xmlTextReaderGetParserLineNumber (r->reader), limit);
  }
  return FALSE;
}

/**
 * mamori_submission_validate_file:
 * @n_records: (out) (optional): how many records the file holds
 *
 * Checks a submission against mamori-submission-1.xsd as a stream, safely, without a
 * database.  The error names the file, the line and the element.
 */
gboolean
mamori_submission_validate_file (GFile         *file,
                                 guint64       *n_records,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  Reader r = { .max_text = MAMORI_SUBMISSION_MAX_TEXT };
  gboolean ok;

  r.preview = preview_new ();
  ok = read_file (&r, file, MAMORI_SUBMISSION_MAX_FILE, cancellable, error);
  if (ok && n_records != NULL)
    *n_records = r.records;
  mamori_submission_preview_free (r.preview);
  reader_clear (&r);
  return ok;
}

void
mamori_submission_import_options_init (MamoriSubmissionImportOptions *options)
{
  memset (options, 0, sizeof *options);
  options->max_file_size = MAMORI_SUBMISSION_MAX_FILE;
  options->max_text = MAMORI_SUBMISSION_MAX_TEXT;
}

/* The import as an event of the audit log: which file, section and year, what it did. */
static gboolean
audit_import (MamoriStore              *store,
              GFile                    *file,
              MamoriSubmissionPreview  *p,
              GError                  **error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store, "SELECT json_object ('file', ?1, 'section', ?2, "
                                      "'fiscal_year', ?3, 'exported_at', ?4, 'exported_by', ?5, "
                                      "'added', ?6, 'updated', ?7, 'unchanged', ?8, "
                                      "'mismatches', ?9)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, name);
  mamori_bind_text (stmt, 2, p->section_code);
  sqlite3_bind_int (stmt, 3, p->fiscal_year);
  mamori_bind_text (stmt, 4, p->exported_at);
  mamori_bind_text (stmt, 5, p->exported_by);
  sqlite3_bind_int64 (stmt, 6, (gint64)p->added);
  sqlite3_bind_int64 (stmt, 7, (gint64)p->updated);
  sqlite3_bind_int64 (stmt, 8, (gint64)p->unchanged);
  sqlite3_bind_int64 (stmt, 9, (gint64)p->n_mismatches);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    detail = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return mamori_store_audit_event (store, "submission-import", detail, error);
}

/* From this size on, a file is read as a bulk load (about 20,000 assets). */
#define BULK_SIZE (8 * 1024 * 1024)

static MamoriSubmissionPreview *
run (MamoriStore                          *store,
     GFile                                *file,
     const MamoriSubmissionImportOptions  *options,
     gboolean                              write,
     GCancellable                         *cancellable,
     GError                              **error)
{
  MamoriSubmissionImportOptions defaults;
  Reader r = { 0 };
  gboolean ok;

  if (options == NULL)
    {
      mamori_submission_import_options_init (&defaults);
      options = &defaults;
    }
  r.store = store;
  r.max_text = options->max_text ? options->max_text : MAMORI_SUBMISSION_MAX_TEXT;
  r.progress = options->progress;
  r.progress_data = options->progress_data;
  r.preview = preview_new ();
  r.areas = g_hash_table_new (NULL, NULL);

  /* A large file (a section's whole inventory): the assets' secondary indexes, search index
   * and checks are built again once at the end rather than kept up to date row by row. */
  {
    g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                   G_FILE_QUERY_INFO_NONE, NULL, NULL);

    r.bulk = info != NULL && (guint64)g_file_info_get_size (info) >=
                             (options->bulk_size ? options->bulk_size : BULK_SIZE);
  }
  if (!mamori_store_begin (store, error) ||
      (r.bulk && !mamori_asset_bulk_begin (store, error)))
    {
      if (mamori_store_in_transaction (store))
        mamori_store_rollback (store);
      mamori_submission_preview_free (r.preview);
      reader_clear (&r);
      return NULL;
    }
  ok = read_file (&r, file, options->max_file_size ? options->max_file_size
                                                   : MAMORI_SUBMISSION_MAX_FILE,
                  cancellable, error);
  /* A bulk load ends before the entries' checks, which it would skip. */
  if (ok && r.bulk && write && r.preview->n_blocking == 0)
    ok = mamori_asset_bulk_end (store, error);
  mamori_store_set_bulk (store, FALSE);
  if (ok && !r.bulk && r.assets_written)
    ok = mamori_rules_refresh (store, 0, error);
  if (ok)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, r.areas);
      while (ok && g_hash_table_iter_next (&iter, &key, NULL))
        ok = mamori_reconcile_refresh (store, GPOINTER_TO_INT (key), 0, error);
    }
  if (ok && write && r.preview->n_blocking == 0)
    {
      ok = audit_import (store, file, r.preview, error) && mamori_store_commit (store, error);
      if (!ok && mamori_store_in_transaction (store))
        mamori_store_rollback (store);
      r.preview->written = ok;
    }
  else
    mamori_store_rollback (store);
  if (!ok)
    {
      mamori_submission_preview_free (r.preview);
      r.preview = NULL;
    }
  reader_clear (&r);
  return g_steal_pointer (&r.preview);
}

/**
 * mamori_submission_preview_file:
 *
 * Reads a submission as a stream and compares it with the database, writing nothing: every
 * mismatch, and how many records would be added, updated or left unchanged.  A file that
 * cannot be read (malformed, unsafe, another kind, against its schema) is an error naming the
 * file and the line.
 *
 * Returns: (transfer full) (nullable): the preview
 */
MamoriSubmissionPreview *
mamori_submission_preview_file (MamoriStore   *store,
                                GFile         *file,
                                GCancellable  *cancellable,
                                GError       **error)
{
  return run (store, file, NULL, FALSE, cancellable, error);
}

/**
 * mamori_submission_import_file:
 * @preview_out: (out) (optional): what the import found and did
 *
 * Reads the file again and writes it whole, in one transaction, through the audited paths —
 * or writes nothing when a blocking mismatch is found (MAMORI_SUBMISSION_ERROR_BLOCKED; the
 * preview lists them).
 */
gboolean
mamori_submission_import_file (MamoriStore                          *store,
                               GFile                                *file,
                               const MamoriSubmissionImportOptions  *options,
                               MamoriSubmissionPreview             **preview_out,
                               GCancellable                         *cancellable,
                               GError                              **error)
{
  g_autoptr(MamoriSubmissionPreview) preview = run (store, file, options, TRUE, cancellable,
                                                    error);
  gboolean ok;

  if (preview == NULL)
    return FALSE;
  ok = preview->written;
  if (!ok)
    g_set_error (error, MAMORI_SUBMISSION_ERROR, MAMORI_SUBMISSION_ERROR_BLOCKED,
                 g_dngettext (GETTEXT_PACKAGE,
                              "The submission was not imported: %llu mismatch blocks it.",
                              "The submission was not imported: %llu mismatches block it.",
                              (gulong)preview->n_blocking),
                 (unsigned long long)preview->n_blocking);
  if (preview_out != NULL)
    *preview_out = g_steal_pointer (&preview);
  return ok;
}

/* On a worker ------------------------------------------------------------------------------- */

typedef struct
{
  GFile    *file;
  gboolean  import;
  char     *section;
  int       year;
  char     *path;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->file);
  g_free (job->section);
  g_free (job->path);
  g_free (job);
}

static gpointer
run_job (MamoriStore   *store,
         gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  Job *job = data;
  MamoriSubmissionPreview *preview = NULL;

  if (!job->import)
    return mamori_submission_preview_file (store, job->file, cancellable, error);
  if (!mamori_submission_import_file (store, job->file, NULL, &preview, cancellable, error))
    {
      mamori_submission_preview_free (preview);
      return NULL;
    }
  return preview;
}

void
mamori_submission_run_async (MamoriWorker         *worker,
                             GFile                *file,
                             gboolean              import,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  Job *job = g_new0 (Job, 1);

  job->file = g_object_ref (file);
  job->import = import;
  mamori_worker_run_async (worker, run_job, job, (GDestroyNotify)job_free,
                           (GDestroyNotify)mamori_submission_preview_free, cancellable,
                           callback, user_data);
}

MamoriSubmissionPreview *
mamori_submission_run_finish (MamoriWorker  *worker,
                              GAsyncResult  *result,
                              GError       **error)
{
  return mamori_worker_run_finish (worker, result, error);
}

static gpointer
export_job (MamoriStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Job *job = data;

  if (!mamori_submission_export_file (store, job->section, job->year, job->path, TRUE, NULL,
                                      cancellable, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

void
mamori_submission_export_async (MamoriWorker         *worker,
                                const char           *section_code,
                                int                   fiscal_year,
                                const char           *path,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  Job *job = g_new0 (Job, 1);

  job->section = g_strdup (section_code);
  job->year = fiscal_year;
  job->path = g_strdup (path);
  mamori_worker_run_async (worker, export_job, job, (GDestroyNotify)job_free, NULL, cancellable,
                           callback, user_data);
}

gboolean
mamori_submission_export_finish (MamoriWorker  *worker,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return mamori_worker_run_finish (worker, result, error) != NULL;
}
