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
  gboolean given = FALSE;

  for (guint i = 0; i < MAMORI_ENTRY_N_FIELDS; i++)
    {
      im->columns[i] = options->columns[i];
      given |= options->columns[i] >= 0;
    }
  /* The first row is a header if its cells name fields. */
  *header_row = FALSE;
  for (guint c = 0; c < mamori_csv_reader_get_n_fields (im->csv); c++)
    {
      int f = field_of_header (mamori_csv_reader_get_field (im->csv, c));

      if (f < 0)
        continue;
      *header_row = TRUE;
      if (!given && im->columns[f] < 0)
        im->columns[f] = c;
    }
  if (im->columns[MAMORI_ENTRY_FIELD_ENTERED] < 0 ||
      (im->columns[MAMORI_ENTRY_FIELD_NAME] < 0 && im->columns[MAMORI_ENTRY_FIELD_CARD] < 0))
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
            report->added++;
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
