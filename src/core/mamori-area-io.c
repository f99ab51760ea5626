/* mamori-area-io.c — import of a card reader's export into the entry log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A card reader (or an Excel log kept beside the door) exports one row a visit.  Its columns
 * are mapped to the fields of the entry log, by their header names unless the caller says
 * otherwise.  Every row is checked and written inside one transaction; a single bad row
 * rolls the whole file back, and the report names each bad row by its line.  A dry run does
 * all of it and rolls back anyway.
 */

#include "config.h"

#include "mamori-area-io.h"
#include "mamori-area.h"
#include "mamori-import-mappings.h"
#include "mamori-text.h"

#include <glib/gi18n.h>
#include <string.h>

typedef struct
{
  const char *id;
  const char *label;
  const char *headers;  /* names a header may have, folded, separated by '|' */
} FieldInfo;

static const FieldInfo fields[MAMORI_ENTRY_N_FIELDS] = {
  { "area", N_("Area"), "area|区域|管理区域|区域コード|エリア|部屋" },
  { "name", N_("Name"), "name|氏名|名前|利用者" },
  { "card", N_("Key or card number"), "card|カード|カード番号|カードno|鍵番号|id" },
  { "affiliation", N_("Affiliation"), "affiliation|company|所属|会社名|所属・会社名|所属会社" },
  { "kind", N_("Kind"), "kind|区分|種別" },
  { "purpose", N_("Purpose"), "purpose|目的|作業内容|用件" },
  { "entered", N_("Entered"), "in|entered|entry|入室|入室日時|入室時刻" },
  { "left", N_("Left"), "out|left|exit|退室|退室日時|退室時刻" },
  { "escort", N_("Escort"), "escort|立会|立会職員|立会者|同行職員" },
  { "id-checked", N_("ID checked"), "id checked|身分証|身分証確認|本人確認" },
};

const char *
mamori_entry_field_id (MamoriEntryField field)
{
  g_return_val_if_fail (field < MAMORI_ENTRY_N_FIELDS, NULL);
  return fields[field].id;
}

const char *
mamori_entry_field_label (MamoriEntryField field)
{
  g_return_val_if_fail (field < MAMORI_ENTRY_N_FIELDS, NULL);
  return _(fields[field].label);
}

gboolean
mamori_entry_field_from_id (const char       *id,
                            MamoriEntryField *field)
{
  for (guint i = 0; i < MAMORI_ENTRY_N_FIELDS; i++)
    if (g_strcmp0 (fields[i].id, id) == 0)
      {
        *field = i;
        return TRUE;
      }
  return FALSE;
}

void
mamori_entry_import_options_init (MamoriEntryImportOptions *options)
{
  memset (options, 0, sizeof *options);
  options->encoding = MAMORI_CSV_ENCODING_AUTO;
  for (guint i = 0; i < MAMORI_ENTRY_N_FIELDS; i++)
    options->columns[i] = -1;
}

void
mamori_entry_import_report_free (MamoriEntryImportReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_clear_pointer (&report->additions, g_ptr_array_unref);
  g_free (report);
}

/* Whether @text is one of @names ('|'-separated) once both are folded. */
static gboolean
folded_among (const char *text,
              const char *names)
{
  g_autofree char *folded = mamori_text_fold (text);
  g_auto(GStrv) list = g_strsplit (names, "|", -1);

  g_strstrip (folded);
  for (guint i = 0; list[i]; i++)
    {
      g_autofree char *name = mamori_text_fold (list[i]);

      if (g_strcmp0 (folded, name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The field whose header names include @header, or -1. */
static int
field_of_header (const char *header)
{
  for (guint i = 0; i < MAMORI_ENTRY_N_FIELDS; i++)
    if (folded_among (header, fields[i].headers))
      return i;
  return -1;
}

static void
entry_addition_free (MamoriEntryAddition *a)
{
  g_free (a->area_code);
  g_free (a->entered_at);
  g_free (a->left_at);
  g_free (a->name);
  g_free (a->card_number);
  g_free (a);
}

/* Column mappings --------------------------------------------------------------------------- */

typedef enum
{
  COLUMN_AUTO,      /* the column whose header is one of the field's names */
  COLUMN_IGNORED,
  COLUMN_INDEX,
  COLUMN_HEADER,
} ColumnKind;

struct _MamoriEntryMapping
{
  gboolean has_header;
  struct
  {
    ColumnKind  kind;
    int         index;
    char       *header;
  } columns[MAMORI_ENTRY_N_FIELDS];
};

/**
 * mamori_entry_mapping_new:
 *
 * Returns: (transfer full): the default mapping: a file with a header, each field taken from
 *   the column whose header Mamori recognises
 */
MamoriEntryMapping *
mamori_entry_mapping_new (void)
{
  MamoriEntryMapping *m = g_new0 (MamoriEntryMapping, 1);

  m->has_header = TRUE;
  return m;
}

void
mamori_entry_mapping_free (MamoriEntryMapping *m)
{
  if (m == NULL)
    return;
  for (guint f = 0; f < MAMORI_ENTRY_N_FIELDS; f++)
    g_free (m->columns[f].header);
  g_free (m);
}

static void
set_column (MamoriEntryMapping *m,
            MamoriEntryField    field,
            ColumnKind          kind,
            int                 index,
            const char         *header)
{
  g_return_if_fail (field < MAMORI_ENTRY_N_FIELDS);
  m->columns[field].kind = kind;
  m->columns[field].index = index;
  g_free (m->columns[field].header);
  m->columns[field].header = g_strdup (header);
}

void
mamori_entry_mapping_set_auto (MamoriEntryMapping *m,
                               MamoriEntryField    field)
{
  set_column (m, field, COLUMN_AUTO, -1, NULL);
}

void
mamori_entry_mapping_set_header (MamoriEntryMapping *m,
                                 MamoriEntryField    field,
                                 const char         *header)
{
  g_return_if_fail (header != NULL);
  set_column (m, field, COLUMN_HEADER, -1, header);
}

/* Takes @field from column @index, counted from 0. */
void
mamori_entry_mapping_set_index (MamoriEntryMapping *m,
                                MamoriEntryField    field,
                                int                 index)
{
  g_return_if_fail (index >= 0 && index < MAMORI_CSV_MAX_FIELDS);
  set_column (m, field, COLUMN_INDEX, index, NULL);
}

void
mamori_entry_mapping_set_ignored (MamoriEntryMapping *m,
                                  MamoriEntryField    field)
{
  set_column (m, field, COLUMN_IGNORED, -1, NULL);
}

void
mamori_entry_mapping_set_has_header (MamoriEntryMapping *m,
                                     gboolean            has_header)
{
  m->has_header = has_header;
}

static gboolean
mapping_error (GError     **error,
               char        *message)
{
  g_set_error_literal (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_MAPPING, message);
  g_free (message);
  return FALSE;
}

/* The column whose header names a field (see fields[].headers), among those not taken. */
static int
header_column (MamoriEntryField   field,
               const char *const *headers,
               guint              n_columns,
               const gboolean    *taken)
{
  for (guint c = 0; c < n_columns; c++)
    if (!taken[c] && folded_among (headers[c], fields[field].headers))
      return c;
  return -1;
}

/* The column whose header is @header (folded), or -1. */
static int
named_column (const char        *header,
              const char *const *headers,
              guint              n_columns)
{
  g_autofree char *folded = mamori_text_fold (header);

  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *h = mamori_text_fold (headers[c]);

      if (g_strcmp0 (g_strstrip (h), g_strstrip (folded)) == 0)
        return c;
    }
  return -1;
}

/**
 * mamori_entry_mapping_resolve:
 * @headers: (nullable) (array length=n_columns): the file's header, if it has one
 * @columns: (out caller-allocates) (array fixed-size=10): the column of each field, or -1
 *
 * Finds the column of each field in a file.  A column the mapping names but the file lacks
 * is an error naming the field; so is a file without the time of entry or without a name or
 * card number, which every entry needs.
 */
gboolean
mamori_entry_mapping_resolve (const MamoriEntryMapping  *m,
                              const char *const         *headers,
                              guint                      n_columns,
                              int                       *columns,
                              GError                   **error)
{
  gboolean taken[MAMORI_CSV_MAX_FIELDS] = { 0 };

  g_return_val_if_fail (n_columns <= MAMORI_CSV_MAX_FIELDS, FALSE);
  /* What the mapping names first, so that recognition does not take its columns. */
  for (guint f = 0; f < MAMORI_ENTRY_N_FIELDS; f++)
    {
      columns[f] = -1;
      if (m->columns[f].kind == COLUMN_INDEX)
        {
          if ((guint)m->columns[f].index >= n_columns)
            return mapping_error (error, g_strdup_printf (_("The column mapping takes “%s” from "
                                                            "column %d, but the file has only "
                                                            "%u columns."),
                                                          _(fields[f].label),
                                                          m->columns[f].index + 1, n_columns));
          columns[f] = m->columns[f].index;
        }
      else if (m->columns[f].kind == COLUMN_HEADER)
        {
          columns[f] = headers ? named_column (m->columns[f].header, headers, n_columns) : -1;
          if (columns[f] < 0)
            return mapping_error (error, g_strdup_printf (_("The column mapping takes “%s” from "
                                                            "the column “%s”, which the file "
                                                            "does not have."),
                                                          _(fields[f].label),
                                                          m->columns[f].header));
        }
      if (columns[f] >= 0)
        taken[columns[f]] = TRUE;
    }
  for (guint f = 0; f < MAMORI_ENTRY_N_FIELDS && headers != NULL; f++)
    if (m->columns[f].kind == COLUMN_AUTO)
      {
        columns[f] = header_column (f, headers, n_columns, taken);
        if (columns[f] >= 0)
          taken[columns[f]] = TRUE;
      }

  if (columns[MAMORI_ENTRY_FIELD_ENTERED] < 0 ||
      (columns[MAMORI_ENTRY_FIELD_NAME] < 0 && columns[MAMORI_ENTRY_FIELD_CARD] < 0))
    {
      g_set_error_literal (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                           _("The file needs a column with the time of entry and one with the "
                             "name or the card number; map them, or give the columns headers "
                             "such as 入室日時 and 氏名."));
      return FALSE;
    }
  return TRUE;
}

/**
 * mamori_entry_mapping_to_json:
 *
 * The mapping as import_mappings keeps it, in the inventory's form:
 * `{"version": 1, "header": true, "columns": {"card": {"header": "カードNo"},
 * "entered": {"column": 3}, "purpose": false}}` — columns counted from 1; a field left out is
 * recognised by its header; false leaves it out.
 */
char *
mamori_entry_mapping_to_json (const MamoriEntryMapping *m)
{
  GString *s = g_string_new (NULL);
  const char *sep = "";

  g_string_append_printf (s, "{\"version\": 1, \"header\": %s, \"columns\": {",
                          m->has_header ? "true" : "false");
  for (guint f = 0; f < MAMORI_ENTRY_N_FIELDS; f++)
    {
      if (m->columns[f].kind == COLUMN_AUTO)
        continue;
      g_string_append_printf (s, "%s\"%s\": ", sep, fields[f].id);
      sep = ", ";
      if (m->columns[f].kind == COLUMN_INDEX)
        g_string_append_printf (s, "{\"column\": %d}", m->columns[f].index + 1);
      else if (m->columns[f].kind == COLUMN_HEADER)
        {
          g_string_append (s, "{\"header\": ");
          mamori_import_mapping_json_string (s, m->columns[f].header);
          g_string_append_c (s, '}');
        }
      else
        g_string_append (s, "false");
    }
  g_string_append (s, "}}");
  return g_string_free (s, FALSE);
}

/**
 * mamori_entry_mapping_from_json:
 *
 * Reads what mamori_entry_mapping_to_json() wrote, with the store's SQLite JSON functions.
 *
 * Returns: (transfer full) (nullable): the mapping, or %NULL with @error set
 */
MamoriEntryMapping *
mamori_entry_mapping_from_json (MamoriStore  *store,
                                const char   *json,
                                GError      **error)
{
  g_autoptr(MamoriEntryMapping) m = mamori_entry_mapping_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = mamori_store_prepare (store, "SELECT CASE WHEN json_valid (?1) AND json_type (?1) = "
                                      "'object' AND coalesce (json_type (?1, '$.columns'), "
                                      "'object') = 'object' THEN coalesce (json_extract (?1, "
                                      "'$.header'), 1) END", error);
  if (stmt == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, json);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    {
      sqlite3_reset (stmt);
      mapping_error (error, g_strdup (_("The saved column mapping cannot be read: it is not a "
                                        "JSON object with an object of columns.")));
      return NULL;
    }
  m->has_header = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);

  stmt = mamori_store_prepare (store, "SELECT key, type, CASE type WHEN 'object' THEN "
                                      "json_extract (value, '$.header') END, CASE type WHEN "
                                      "'object' THEN json_extract (value, '$.column') END FROM "
                                      "json_each (?1, '$.columns')", error);
  if (stmt == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, json);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = mamori_column_text (stmt, 0);
      const char *type = mamori_column_text (stmt, 1);
      gint64 column = sqlite3_column_int64 (stmt, 3);
      MamoriEntryField f;

      if (!mamori_entry_field_from_id (key, &f))
        rc = SQLITE_MISMATCH;
      else if (g_str_equal (type, "false") || g_str_equal (type, "null"))
        mamori_entry_mapping_set_ignored (m, f);
      else if (g_str_equal (type, "true"))
        mamori_entry_mapping_set_auto (m, f);
      else if (sqlite3_column_type (stmt, 2) == SQLITE_TEXT)
        mamori_entry_mapping_set_header (m, f, mamori_column_text (stmt, 2));
      else if (sqlite3_column_type (stmt, 3) == SQLITE_INTEGER && column >= 1 &&
               column <= MAMORI_CSV_MAX_FIELDS)
        mamori_entry_mapping_set_index (m, f, (int)column - 1);
      else
        rc = SQLITE_MISMATCH;
      if (rc == SQLITE_MISMATCH)
        {
          g_autofree char *k = g_strdup (key);

          sqlite3_reset (stmt);
          mapping_error (error, g_strdup_printf (_("The saved column mapping cannot be read: "
                                                   "“%s” is not a field of the entry log with a "
                                                   "header or a column number."), k));
          return NULL;
        }
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&m);
}

/* Keeps @mapping as @name for the next card reader file (audited). */
gboolean
mamori_entry_mapping_save (MamoriStore               *store,
                           const char                *name,
                           const MamoriEntryMapping  *mapping,
                           GError                   **error)
{
  g_autofree char *json = mamori_entry_mapping_to_json (mapping);

  return mamori_import_mapping_save_json (store, MAMORI_IMPORT_MAPPING_ENTRY_LOG, name, json,
                                          error);
}

MamoriEntryMapping *
mamori_entry_mapping_load (MamoriStore  *store,
                           const char   *name,
                           GError      **error)
{
  g_autofree char *json = mamori_import_mapping_load_json (store, MAMORI_IMPORT_MAPPING_ENTRY_LOG,
                                                           name, error);

  return json ? mamori_entry_mapping_from_json (store, json, error) : NULL;
}

GStrv
mamori_entry_mapping_list (MamoriStore  *store,
                           GError      **error)
{
  return mamori_import_mapping_list (store, MAMORI_IMPORT_MAPPING_ENTRY_LOG, error);
}

/* Import ------------------------------------------------------------------------------------ */

typedef struct
{
  MamoriStore             *store;
  MamoriEntryImportReport *report;
  MamoriCsvReader         *csv;
  int                      columns[MAMORI_ENTRY_N_FIELDS];
  gint64                   area_id;
  GHashTable              *areas;     /* code → id */
  GHashTable              *people;    /* staff number or name → id (0: several) */
} Import;

static void
add_problem (Import           *im,
             MamoriEntryField  field,
             char             *message)
{
  MamoriInventoryProblem *p = g_new0 (MamoriInventoryProblem, 1);

  p->line = mamori_csv_reader_get_line (im->csv);
  p->field = g_strdup (field < MAMORI_ENTRY_N_FIELDS ? fields[field].id : "");
  p->column = field < MAMORI_ENTRY_N_FIELDS && im->columns[field] >= 0
              ? g_strdup_printf ("%d", im->columns[field] + 1) : g_strdup ("");
  p->message = message;
  if (im->report->problems->len < MAMORI_INVENTORY_MAX_PROBLEMS)
    g_ptr_array_add (im->report->problems, p);
  else
    mamori_inventory_problem_free (p);
}

/* What a row adds, for the dry run to show. */
static void
add_addition (Import                *im,
              const MamoriAreaEntry *e)
{
  MamoriEntryAddition *a;
  GHashTableIter iter;
  gpointer code, id;

  if (im->report->additions->len >= MAMORI_INVENTORY_MAX_PROBLEMS)
    return;
  a = g_new0 (MamoriEntryAddition, 1);
  a->line = mamori_csv_reader_get_line (im->csv);
  g_hash_table_iter_init (&iter, im->areas);
  while (a->area_code == NULL && g_hash_table_iter_next (&iter, &code, &id))
    if (GPOINTER_TO_SIZE (id) == (gsize)e->area_id)
      a->area_code = g_strdup (code);
  a->entered_at = g_strdup (e->entered_at);
  a->left_at = g_strdup (e->left_at);
  a->name = g_strdup (e->name);
  a->card_number = g_strdup (e->card_number);
  g_ptr_array_add (im->report->additions, a);
}

static const char *
field_text (Import           *im,
            MamoriEntryField  field)
{
  int column = im->columns[field];
  const char *text;

  if (column < 0 || (guint)column >= mamori_csv_reader_get_n_fields (im->csv))
    return "";
  text = mamori_csv_reader_get_field (im->csv, column);
  return text ? text : "";
}

static gboolean
load_lookups (Import  *im,
              GError **error)
{
  sqlite3_stmt *stmt;

  im->areas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im->people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  stmt = mamori_store_prepare (im->store, "SELECT code, id FROM areas", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (im->areas, g_strdup (mamori_column_text (stmt, 0)),
                         GSIZE_TO_POINTER (sqlite3_column_int64 (stmt, 1)));
  sqlite3_reset (stmt);
  stmt = mamori_store_prepare (im->store, "SELECT coalesce (staff_no, ''), name, id FROM people "
                                          "WHERE active = 1", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = mamori_column_text (stmt, 1);
      gsize id = (gsize)sqlite3_column_int64 (stmt, 2);

      if (*mamori_column_text (stmt, 0))
        g_hash_table_insert (im->people, g_strdup (mamori_column_text (stmt, 0)),
                             GSIZE_TO_POINTER (id));
      /* Two people of one name: the name says nobody in particular. */
      g_hash_table_insert (im->people, g_strdup (name),
                           g_hash_table_contains (im->people, name) ? NULL : GSIZE_TO_POINTER (id));
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* The permit of the area that holds @card on @day, to fill in who a card reader's row is. */
static MamoriAreaPermit *
permit_of_card (Import     *im,
                gint64      area_id,
                const char *card,
                const char *day)
{
  sqlite3_stmt *stmt;
  MamoriAreaPermit *p = NULL;

  stmt = mamori_store_prepare (im->store,
                               "SELECT name, affiliation, kind, person_id FROM area_permits "
                               "WHERE area_id = ? AND card_number = ? AND valid_from <= ? "
                               "AND coalesce (valid_to, '9999') >= ? ORDER BY valid_from DESC",
                               NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, area_id);
  mamori_bind_text (stmt, 2, card);
  mamori_bind_text (stmt, 3, day);
  mamori_bind_text (stmt, 4, day);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      p = g_new0 (MamoriAreaPermit, 1);
      p->name = g_strdup (mamori_column_text (stmt, 0));
      p->affiliation = g_strdup (mamori_column_text (stmt, 1));
      p->kind = g_strdup (mamori_column_text (stmt, 2));
      p->person_id = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);
  return p;
}

static const char *
parse_kind (const char *text)
{
  if (folded_among (text, "staff|職員"))
    return "staff";
  if (folded_among (text, "contractor|委託|外部委託|外部委託事業者|業者"))
    return "contractor";
  if (folded_among (text, "other|visitor|その他|来訪者"))
    return "other";
  return NULL;
}

/* 1 yes, 0 no (or empty), -1 neither. */
static int
parse_yes_no (const char *text)
{
  if (mamori_text_is_blank (text) || folded_among (text, "0|no|n|false|未|無|なし|×|いいえ"))
    return 0;
  if (folded_among (text, "1|yes|y|true|済|有|あり|○|〇|はい"))
    return 1;
  return -1;
}

/* Reads one row into @e; FALSE with problems recorded if it cannot be. */
static gboolean
read_row (Import          *im,
          MamoriAreaEntry *e)
{
  const char *area = field_text (im, MAMORI_ENTRY_FIELD_AREA);
  const char *kind_text = field_text (im, MAMORI_ENTRY_FIELD_KIND);
  const char *escort = field_text (im, MAMORI_ENTRY_FIELD_ESCORT);
  const char *left = field_text (im, MAMORI_ENTRY_FIELD_LEFT);
  g_autoptr(MamoriAreaPermit) permit = NULL;
  gboolean ok = TRUE;
  int checked;

  e->area_id = im->area_id;
  if (im->columns[MAMORI_ENTRY_FIELD_AREA] >= 0 && *area)
    {
      e->area_id = GPOINTER_TO_SIZE (g_hash_table_lookup (im->areas, area));
      if (e->area_id == 0)
        {
          add_problem (im, MAMORI_ENTRY_FIELD_AREA,
                       g_strdup_printf (_("There is no managed area with the code “%s”."), area));
          ok = FALSE;
        }
    }
  else if (e->area_id == 0)
    {
      add_problem (im, MAMORI_ENTRY_FIELD_AREA, g_strdup (_("The row names no managed area.")));
      ok = FALSE;
    }

  e->entered_at = mamori_area_time_parse (field_text (im, MAMORI_ENTRY_FIELD_ENTERED));
  if (e->entered_at == NULL)
    {
      add_problem (im, MAMORI_ENTRY_FIELD_ENTERED,
                   g_strdup_printf (_("The time of entry “%s” is not a date and time (write it "
                                      "as 2026-04-01 09:30)."),
                                    field_text (im, MAMORI_ENTRY_FIELD_ENTERED)));
      ok = FALSE;
    }
  if (*left)
    {
      e->left_at = mamori_area_time_parse (left);
      if (e->left_at == NULL)
        {
          add_problem (im, MAMORI_ENTRY_FIELD_LEFT,
                       g_strdup_printf (_("The time of exit “%s” is not a date and time (write "
                                          "it as 2026-04-01 17:00)."), left));
          ok = FALSE;
        }
    }

  e->card_number = g_strdup (field_text (im, MAMORI_ENTRY_FIELD_CARD));
  if (e->area_id != 0 && e->entered_at != NULL && *e->card_number)
    {
      g_autofree char *day = g_strndup (e->entered_at, 10);
      permit = permit_of_card (im, e->area_id, e->card_number, day);
    }
  e->name = g_strdup (field_text (im, MAMORI_ENTRY_FIELD_NAME));
  if (*e->name == '\0' && permit != NULL)
    { g_free (e->name); e->name = g_strdup (permit->name); }
  if (*e->name == '\0')
    {
      add_problem (im, MAMORI_ENTRY_FIELD_NAME,
                   g_strdup (_("The row has no name, and its card is not on the area's permitted "
                               "list.")));
      ok = FALSE;
    }
  e->affiliation = g_strdup (field_text (im, MAMORI_ENTRY_FIELD_AFFILIATION));
  if (*e->affiliation == '\0' && permit != NULL)
    { g_free (e->affiliation); e->affiliation = g_strdup (permit->affiliation); }
  e->purpose = g_strdup (field_text (im, MAMORI_ENTRY_FIELD_PURPOSE));
  if (permit != NULL)
    e->person_id = permit->person_id;

  if (*kind_text)
    {
      const char *kind = parse_kind (kind_text);

      if (kind == NULL)
        {
          add_problem (im, MAMORI_ENTRY_FIELD_KIND,
                       g_strdup_printf (_("The kind “%s” is not one of 職員, 外部委託事業者 or "
                                          "その他."), kind_text));
          ok = FALSE;
        }
      e->kind = g_strdup (kind ? kind : "other");
    }
  else
    e->kind = g_strdup (permit ? permit->kind : "other");

  if (*escort)
    {
      gpointer id;

      if (!g_hash_table_lookup_extended (im->people, escort, NULL, &id) || id == NULL)
        {
          add_problem (im, MAMORI_ENTRY_FIELD_ESCORT,
                       g_strdup_printf (_("The escort “%s” is not one person of the register "
                                          "(give the staff number)."), escort));
          ok = FALSE;
        }
      else
        e->escort_id = GPOINTER_TO_SIZE (id);
    }

  checked = parse_yes_no (field_text (im, MAMORI_ENTRY_FIELD_ID_CHECKED));
  if (checked < 0)
    {
      add_problem (im, MAMORI_ENTRY_FIELD_ID_CHECKED,
                   g_strdup_printf (_("“%s” does not say whether the ID was checked (write 済 or "
                                      "leave it empty)."),
                                    field_text (im, MAMORI_ENTRY_FIELD_ID_CHECKED)));
      ok = FALSE;
    }
  e->id_checked = checked == 1;
  return ok;
}

static gboolean
resolve_columns (Import                         *im,
                 const MamoriEntryImportOptions *options,
                 gboolean                       *header_row,
                 GError                        **error)
{
  guint n = mamori_csv_reader_get_n_fields (im->csv);
  g_autofree const char **headers = g_new0 (const char *, n + 1);
  g_autoptr(MamoriEntryMapping) fallback = NULL;
  const MamoriEntryMapping *mapping = options->mapping;
  gboolean given = FALSE;

  for (guint c = 0; c < n; c++)
    headers[c] = mamori_csv_reader_get_field (im->csv, c);
  if (mapping == NULL)
    {
      /* Without a mapping: the columns given by number, or else the ones recognised; the
       * first row is a header if its cells name fields. */
      fallback = mamori_entry_mapping_new ();
      fallback->has_header = FALSE;
      for (guint c = 0; c < n; c++)
        fallback->has_header |= field_of_header (headers[c]) >= 0;
      for (guint f = 0; f < MAMORI_ENTRY_N_FIELDS; f++)
        given |= options->columns[f] >= 0;
      /* …or if the column given for the time of entry holds no time there. */
      if (options->columns[MAMORI_ENTRY_FIELD_ENTERED] >= 0 &&
          (guint)options->columns[MAMORI_ENTRY_FIELD_ENTERED] < n)
        {
          g_autofree char *time = mamori_area_time_parse (headers[options->columns[MAMORI_ENTRY_FIELD_ENTERED]]);

          fallback->has_header |= time == NULL;
        }
      /* Columns given by number: those alone. */
      for (guint f = 0; f < MAMORI_ENTRY_N_FIELDS && given; f++)
        if (options->columns[f] >= 0)
          mamori_entry_mapping_set_index (fallback, f, options->columns[f]);
        else
          mamori_entry_mapping_set_ignored (fallback, f);
      mapping = fallback;
    }
  *header_row = mapping->has_header;
  return mamori_entry_mapping_resolve (mapping, mapping->has_header ? headers : NULL, n,
                                       im->columns, error);
}

/**
 * mamori_entry_import_csv:
 *
 * Imports a card reader's export into the entry log, whole or not at all.
 *
 * Returns: (transfer full): the report (rows, additions, problems by line), or %NULL with
 *   @error set if the file cannot be read at all.  report->written says whether anything was
 *   committed: never on a dry run or when a row is wrong.
 */
MamoriEntryImportReport *
mamori_entry_import_csv (MamoriStore                     *store,
                         GInputStream                    *stream,
                         const MamoriEntryImportOptions  *options,
                         GCancellable                    *cancellable,
                         GError                         **error)
{
  g_autoptr(MamoriEntryImportReport) report = g_new0 (MamoriEntryImportReport, 1);
  g_autoptr(MamoriCsvReader) csv = NULL;
  Import im = { store, report };
  gboolean header_row, have_row, ok = FALSE;

  report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_inventory_problem_free);
  report->additions = g_ptr_array_new_with_free_func ((GDestroyNotify)entry_addition_free);
  csv = mamori_csv_reader_new (stream, options->encoding, error);
  if (csv == NULL)
    return NULL;
  im.csv = csv;
  im.area_id = options->area_id;

  if (!mamori_csv_reader_next (csv, cancellable, error))
    {
      if (error && *error)
        return NULL;
      g_set_error_literal (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                           _("The file is empty."));
      return NULL;
    }
  if (!resolve_columns (&im, options, &header_row, error) || !load_lookups (&im, error))
    goto out;
  if (!mamori_store_begin (store, error))
    goto out;

  have_row = !header_row || mamori_csv_reader_next (csv, cancellable, error);
  while (have_row)
    {
      if (!mamori_csv_reader_is_blank (csv))
        {
          g_autoptr(MamoriAreaEntry) e = g_new0 (MamoriAreaEntry, 1);
          g_autoptr(GError) local = NULL;

          report->rows++;
          if (!read_row (&im, e))
            report->rejected++;
          else if (!mamori_area_entry_insert (store, e, NULL, &local))
            {
              add_problem (&im, MAMORI_ENTRY_N_FIELDS, g_strdup (local->message));
              report->rejected++;
            }
          else
            {
              report->added++;
              add_addition (&im, e);
            }
        }
      have_row = mamori_csv_reader_next (csv, cancellable, error);
    }
  if (error && *error)
    {
      mamori_store_rollback (store);
      goto out;
    }
  if (report->rejected > 0 || options->dry_run)
    {
      mamori_store_rollback (store);
      ok = TRUE;
      goto out;
    }
  ok = mamori_store_commit (store, error);
  if (!ok)
    mamori_store_rollback (store);
  report->written = ok;

out:
  g_clear_pointer (&im.areas, g_hash_table_unref);
  g_clear_pointer (&im.people, g_hash_table_unref);
  return ok ? g_steal_pointer (&report) : NULL;
}
