/* mamori-inventory-io.c — the inventory in and out: CSV ledgers and XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export reads the inventory with one prepared statement in id order (and, for XML, the
 * registers with one statement each, merged in step) and writes as it reads: memory stays
 * the same whatever the size of the inventory.  The statements run in one read transaction,
 * the implicit one SQLite keeps while the first of them is active, so that the file is one
 * consistent picture even while someone else writes.
 *
 * The CSV ledger's columns are the Japanese names a ward's Excel sheet uses (資産番号, 名称,
 * …), and its values the words people write there (電子データ, はい/いいえ, 使用中): that is
 * the file format, the same whatever the language of the user interface, so it is not
 * translated.  The messages about a file are.
 *
 * Import is two passes over the file, both inside one write transaction.  The first converts
 * and checks every row and keeps only the report (counts and the problems found, by line);
 * if any row is refused, the transaction is rolled back and nothing is written.  Otherwise
 * the second pass reads the file again and writes each row: a file is taken whole or not at
 * all.  Neither pass holds more than one row: the codes seen so far (to refuse a code used
 * twice in the file) go into a temporary table, which SQLite keeps on disk beyond its small
 * cache.  A dry run is the first pass alone, on a read-only connection.  Rows refer to
 * existing assets by their 資産番号: an existing code updates that asset (columns the mapping
 * leaves out keep their value), a new code adds one.  A copy whose original comes later in
 * the file is added first without it, and its original set once the original exists.
 */

#include "config.h"

#include "mamori-inventory-io.h"
#include "mamori-asset.h"
#include "mamori-era.h"
#include "mamori-rules.h"
#include "mamori-standard.h"
#include "mamori-text.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>
#include <string.h>

G_DEFINE_QUARK (mamori-inventory-error-quark, mamori_inventory_error)

/* Fields ---------------------------------------------------------------------------------------- */

typedef struct
{
  const char *id;
  const char *header;    /* the ledger's column, as the export writes it */
  const char *label;     /* for people choosing a mapping */
  const char *aliases;   /* other column names recognised, separated by '|' */
} FieldInfo;

static const FieldInfo fields[MAMORI_INVENTORY_N_FIELDS] = {
  { "code", "資産番号", N_("Code"),
    "管理番号|資産コード|資産管理番号|情報資産番号|整理番号|番号|資産no" },
  { "name", "名称", N_("Name"), "資産名|資産名称|情報資産名|情報資産の名称|名前|件名" },
  { "description", "説明", N_("Description"), "概要|内容|資産の説明|説明・概要" },
  { "kind", "種別", N_("Kind"), "種類|資産種別|資産の種類|形態|区分" },
  { "owner_section_code", "作成課等コード", N_("Creating section (code)"),
    "作成課コード|所管課コード|課コード|課等コード|所属コード|部署コード|担当課コード" },
  { "owner_section", "作成課等", N_("Creating section"),
    "作成課|所管課|所管課等|担当課|管理課|主管課|課等|課名|所属|部署|作成課等名" },
  { "holding_section_code", "保有課等コード", N_("Holding section"),
    "保有課等|保有課|保有課コード|保管課|保有部署" },
  { "original_code", "原本資産番号", N_("Original (code)"), "原本|原本番号|原本の資産番号|原本管理番号" },
  { "class", "重要性分類", N_("Class"), "分類|重要度|重要性|格付|格付け|機密性|class_code" },
  { "criteria", "該当基準", N_("Criteria"), "基準|分類基準|該当する基準|該当項目|判定基準" },
  { "cia_note", "CIA備考", N_("Note on C/I/A"), "cia|cia注記|機密性・完全性・可用性|機密性・完全性・可用性の備考" },
  { "medium", "媒体", N_("Medium"), "記録媒体|保存媒体|媒体の種類" },
  { "storage_place", "保管場所", N_("Storage place"), "保存場所|保管先|設置場所|保管・設置場所" },
  { "lockable", "施錠保管", N_("Lockable storage"), "施錠|施錠可能|鍵付き保管|施錠保管の有無" },
  { "finalised", "確定済み", N_("Finalised"), "確定|確定済|確定の有無" },
  { "write_protected", "書込禁止", N_("Write-protected"),
    "書き込み禁止|書込み禁止|書込保護|書き込み保護|ライトプロテクト|書込禁止措置" },
  { "marking", "表示", N_("Marking"), "表示記号|ラベル|表示コード|識別表示" },
  { "backup_cycle_days", "バックアップ周期(日)", N_("Backup cycle (days)"),
    "バックアップ周期|バックアップ間隔|バックアップ周期日|バックアップ間隔(日)" },
  { "last_backup_on", "最終バックアップ日", N_("Last backup"),
    "最終バックアップ|バックアップ日|直近バックアップ日|前回バックアップ日" },
  { "status", "状態", N_("Status"), "ステータス|使用状況|状況" },
  { "registered_on", "登録日", N_("Registered on"), "登録年月日|作成日|登録" },
};

/* The ledger's words for Mamori's codes: the first is what the export writes. */
static const struct { const char *kind; const char *words; } kind_words[] = {
  { "electronic", "電子データ|電子|電子情報|データ|電磁的記録" },
  { "paper", "紙|紙媒体|紙文書|文書|書類" },
  { "medium", "記録媒体|外部記録媒体|電磁的記録媒体|媒体" },
  { "equipment", "機器|端末|ハードウェア|情報機器" },
  { "software", "ソフトウェア|ソフト|プログラム" },
  { "design-doc", "ネットワーク構成図・システム仕様書|ネットワーク構成図|システム仕様書|構成図|仕様書|設計書" },
  { "other", "その他|他" },
};

static const struct { const char *status; const char *words; } status_words[] = {
  { "active", "使用中|有効|現用|使用|運用中|稼働中|保有" },
  { "disposed", "廃棄済み|廃棄済|廃棄" },
};

#define YES_WORDS "はい|有|あり|済|済み|要|○|〇|◯|レ|✓|✔|yes|y|true|1|on"
#define NO_WORDS  "いいえ|無|なし|未|不要|×|✕|✖|no|n|false|0|off"
#define UNKNOWN_WORDS "-|－|―|ー|不明|未確認|?|？"

const char *
mamori_inventory_field_id (MamoriInventoryField field)
{
  g_return_val_if_fail (field < MAMORI_INVENTORY_N_FIELDS, NULL);
  return fields[field].id;
}

/* The column's name in a ledger Mamori writes (資産番号, 名称, …). */
const char *
mamori_inventory_field_header (MamoriInventoryField field)
{
  g_return_val_if_fail (field < MAMORI_INVENTORY_N_FIELDS, NULL);
  return fields[field].header;
}

/* What the field is, in the user's language, for the column mapping step. */
const char *
mamori_inventory_field_label (MamoriInventoryField field)
{
  g_return_val_if_fail (field < MAMORI_INVENTORY_N_FIELDS, NULL);
  return _(fields[field].label);
}

gboolean
mamori_inventory_field_from_id (const char           *id,
                                MamoriInventoryField *field)
{
  for (guint i = 0; i < MAMORI_INVENTORY_N_FIELDS; i++)
    if (g_strcmp0 (id, fields[i].id) == 0)
      {
        *field = i;
        return TRUE;
      }
  return FALSE;
}

/* The form in which a ledger's words are compared: folded (NFKC, case, kana), without any white
 * space. */
static char *
fold_word (const char *text)
{
  g_autofree char *folded = mamori_text_fold (text);
  GString *s = g_string_sized_new (strlen (folded));

  for (const char *p = folded; *p; p++)
    if (*p != ' ')
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

/* Is @folded (folded with fold_word) one of the '|'-separated @words? */
static gboolean
word_in (const char *folded,
         const char *words)
{
  g_auto(GStrv) list = g_strsplit (words, "|", -1);

  for (guint i = 0; list[i]; i++)
    {
      g_autofree char *w = fold_word (list[i]);

      if (g_str_equal (folded, w))
        return TRUE;
    }
  return FALSE;
}

static const char *
first_word (const char *words,
            char      **buffer)
{
  const char *bar = strchr (words, '|');

  g_free (*buffer);
  *buffer = bar ? g_strndup (words, bar - words) : g_strdup (words);
  return *buffer;
}

static const char *
kind_word (const char *kind)
{
  static char *cache[G_N_ELEMENTS (kind_words)];

  for (guint i = 0; i < G_N_ELEMENTS (kind_words); i++)
    if (g_strcmp0 (kind, kind_words[i].kind) == 0)
      {
        if (g_once_init_enter (&cache[i]))
          {
            char *buffer = NULL;

            first_word (kind_words[i].words, &buffer);
            g_once_init_leave (&cache[i], buffer);
          }
        return cache[i];
      }
  return kind ? kind : "";
}

static const char *
status_word (const char *status)
{
  return g_strcmp0 (status, "disposed") == 0 ? "廃棄済み" : "使用中";
}

/**
 * mamori_inventory_parse_date:
 * @text: a date as a ledger writes it: 2026-04-01, 2026/4/1 (what Excel writes), 2026.4.1,
 *   2026年4月1日, or in 和暦: 令和8年4月1日, R8.4.1
 * @iso: (out): the date as Mamori stores it, 2026-04-01
 *
 * Returns: %TRUE if @text is a date
 */
gboolean
mamori_inventory_parse_date (const char  *text,
                             char       **iso)
{
  g_autofree char *nfkc = NULL;
  g_auto(GStrv) parts = NULL;
  int y, m, d;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  nfkc = g_strstrip (g_utf8_normalize (text, -1, G_NORMALIZE_NFKC));

  if (mamori_date_parse_iso (nfkc, &y, &m, &d) || mamori_era_parse (nfkc, &y, &m, &d))
    {
      *iso = mamori_date_to_iso (y, m, d);
      return TRUE;
    }

  /* 2026/4/1, 2026.4.1, 2026-4-1, 2026年4月1日 */
  {
    g_autoptr(GString) s = g_string_new (nfkc);
    guint n;

    g_string_replace (s, "年", "/", 0);
    g_string_replace (s, "月", "/", 0);
    if (g_str_has_suffix (s->str, "日"))
      g_string_truncate (s, s->len - strlen ("日"));
    g_strdelimit (s->str, ".-", '/');
    parts = g_strsplit (s->str, "/", -1);
    n = g_strv_length (parts);
    if (n != 3 || strlen (parts[0]) != 4)
      return FALSE;
    for (guint i = 0; i < 3; i++)
      {
        if (parts[i][0] == '\0' || strlen (parts[i]) > 4)
          return FALSE;
        for (const char *p = parts[i]; *p; p++)
          if (!g_ascii_isdigit (*p))
            return FALSE;
      }
    y = atoi (parts[0]);
    m = atoi (parts[1]);
    d = atoi (parts[2]);
    if (!mamori_date_is_valid (y, m, d))
      return FALSE;
    *iso = mamori_date_to_iso (y, m, d);
    return TRUE;
  }
}

/* Mappings -------------------------------------------------------------------------------------- */

typedef enum
{
  MAP_AUTO,      /* by the column's name, recognised */
  MAP_INDEX,     /* this column number */
  MAP_HEADER,    /* the column of this name */
  MAP_IGNORE,    /* not imported */
} MapKind;

struct _MamoriInventoryMapping
{
  gboolean has_header;
  struct
  {
    MapKind  kind;
    int      index;
    char    *header;
  } columns[MAMORI_INVENTORY_N_FIELDS];
};

/**
 * mamori_inventory_mapping_new:
 *
 * Returns: (transfer full): the default mapping: the file has a header, and every field is
 *   taken from the column whose name Mamori recognises (資産番号 or 管理番号, 名称 or 資産名,
 *   重要性分類 or 分類, 作成課等 or 所管課, …)
 */
MamoriInventoryMapping *
mamori_inventory_mapping_new (void)
{
  MamoriInventoryMapping *m = g_new0 (MamoriInventoryMapping, 1);

  m->has_header = TRUE;
  return m;
}

MamoriInventoryMapping *
mamori_inventory_mapping_copy (const MamoriInventoryMapping *m)
{
  MamoriInventoryMapping *c = g_memdup2 (m, sizeof *m);

  for (guint i = 0; i < MAMORI_INVENTORY_N_FIELDS; i++)
    c->columns[i].header = g_strdup (m->columns[i].header);
  return c;
}

void
mamori_inventory_mapping_free (MamoriInventoryMapping *m)
{
  if (m == NULL)
    return;
  for (guint i = 0; i < MAMORI_INVENTORY_N_FIELDS; i++)
    g_free (m->columns[i].header);
  g_free (m);
}

static void
set_column (MamoriInventoryMapping *m,
            MamoriInventoryField    field,
            MapKind                 kind,
            int                     index,
            const char             *header)
{
  g_return_if_fail (field < MAMORI_INVENTORY_N_FIELDS);
  m->columns[field].kind = kind;
  m->columns[field].index = index;
  g_free (m->columns[field].header);
  m->columns[field].header = g_strdup (header);
}

/* Takes @field from the column whose name Mamori recognises (the default). */
void
mamori_inventory_mapping_set_auto (MamoriInventoryMapping *m,
                                   MamoriInventoryField    field)
{
  set_column (m, field, MAP_AUTO, -1, NULL);
}

/* Takes @field from column @index, counted from 0. */
void
mamori_inventory_mapping_set_index (MamoriInventoryMapping *m,
                                    MamoriInventoryField    field,
                                    int                     index)
{
  g_return_if_fail (index >= 0 && index < MAMORI_CSV_MAX_FIELDS);
  set_column (m, field, MAP_INDEX, index, NULL);
}

/* Takes @field from the column the header names @header. */
void
mamori_inventory_mapping_set_header (MamoriInventoryMapping *m,
                                     MamoriInventoryField    field,
                                     const char             *header)
{
  g_return_if_fail (header != NULL);
  set_column (m, field, MAP_HEADER, -1, header);
}

/* Leaves @field out: an existing asset keeps its value, a new one gets the default. */
void
mamori_inventory_mapping_set_ignored (MamoriInventoryMapping *m,
                                      MamoriInventoryField    field)
{
  set_column (m, field, MAP_IGNORE, -1, NULL);
}

void
mamori_inventory_mapping_set_has_header (MamoriInventoryMapping *m,
                                         gboolean                has_header)
{
  m->has_header = has_header;
}

gboolean
mamori_inventory_mapping_get_has_header (const MamoriInventoryMapping *m)
{
  return m->has_header;
}

static int
find_header (const char *const *headers,
             guint              n_columns,
             const char        *wanted)
{
  g_autofree char *folded = fold_word (wanted);

  for (guint c = 0; c < n_columns; c++)
    if (g_strcmp0 (headers[c], wanted) == 0)
      return c;
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *h = fold_word (headers[c]);

      if (g_str_equal (h, folded))
        return c;
    }
  return -1;
}

/* The column whose name is the field's id, its export header or one of its aliases, among the
 * columns not taken yet. */
static int
recognise_column (MamoriInventoryField  field,
                  const char *const    *headers,
                  guint                 n_columns,
                  const gboolean       *taken)
{
  g_autofree char *words = g_strjoin ("|", fields[field].id, fields[field].header,
                                      fields[field].aliases, NULL);

  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *h = fold_word (headers[c]);

      if (!taken[c] && *h != '\0' && word_in (h, words))
        return c;
    }
  return -1;
}

/**
 * mamori_inventory_mapping_resolve:
 * @headers: (nullable) (array length=n_columns): the file's first record, if it is a header
 * @n_columns: how many columns the file has
 * @columns: (out caller-allocates) (array fixed-size=21): for each field, the column it is
 *   taken from (counted from 0), or -1
 *
 * Finds the columns the mapping takes each field from in a file.  A column named explicitly
 * but missing is an error; so is a file in which no column holds the asset code, which an
 * import needs to tell new assets from existing ones.
 */
gboolean
mamori_inventory_mapping_resolve (const MamoriInventoryMapping  *m,
                                  const char *const             *headers,
                                  guint                          n_columns,
                                  int                           *columns,
                                  GError                       **error)
{
  gboolean taken[MAMORI_CSV_MAX_FIELDS] = { 0 };

  g_return_val_if_fail (n_columns <= MAMORI_CSV_MAX_FIELDS, FALSE);

  /* Explicit choices first, so that recognition does not take their columns. */
  for (guint f = 0; f < MAMORI_INVENTORY_N_FIELDS; f++)
    {
      columns[f] = -1;
      switch (m->columns[f].kind)
        {
        case MAP_INDEX:
          if ((guint)m->columns[f].index >= n_columns)
            {
              g_set_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_MAPPING,
                           _("The column mapping takes “%s” from column %d, but the file has "
                             "only %u columns."), _(fields[f].label), m->columns[f].index + 1,
                           n_columns);
              return FALSE;
            }
          columns[f] = m->columns[f].index;
          break;
        case MAP_HEADER:
          columns[f] = headers ? find_header (headers, n_columns, m->columns[f].header) : -1;
          if (columns[f] < 0)
            {
              g_set_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_MAPPING,
                           _("The column mapping takes “%s” from the column “%s”, which the "
                             "file does not have."), _(fields[f].label), m->columns[f].header);
              return FALSE;
            }
          break;
        case MAP_AUTO:
        case MAP_IGNORE:
        default:
          break;
        }
      if (columns[f] >= 0)
        taken[columns[f]] = TRUE;
    }

  for (guint f = 0; f < MAMORI_INVENTORY_N_FIELDS; f++)
    {
      if (m->columns[f].kind != MAP_AUTO)
        continue;
      if (headers != NULL)
        columns[f] = recognise_column (f, headers, n_columns, taken);
      else if (f < n_columns && !taken[f])
        /* Without a header, a file in the export's column order. */
        columns[f] = f;
      if (columns[f] >= 0)
        taken[columns[f]] = TRUE;
    }

  if (columns[MAMORI_INVENTORY_FIELD_CODE] < 0)
    {
      g_set_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_NO_CODE_COLUMN,
                   _("No column of the file holds the asset code (資産番号 or 管理番号); choose "
                     "it in the column mapping."));
      return FALSE;
    }
  return TRUE;
}

static void
json_string (GString    *s,
             const char *text)
{
  g_string_append_c (s, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (s, "\\%c", *p);
      else if ((guchar)*p < 0x20)
        g_string_append_printf (s, "\\u%04x", (guchar)*p);
      else
        g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

/**
 * mamori_inventory_mapping_to_json:
 *
 * Serialises a mapping as import_mappings keeps it:
 * `{"version": 1, "header": true, "columns": {"code": {"header": "管理番号"},
 * "name": {"column": 2}, "marking": false}}` — a column is counted from 1, as a person counts
 * them; a field left out is recognised by its column's name; false leaves it out of imports.
 *
 * Returns: (transfer full): the JSON text
 */
char *
mamori_inventory_mapping_to_json (const MamoriInventoryMapping *m)
{
  GString *s = g_string_new (NULL);
  gboolean first = TRUE;

  g_string_append_printf (s, "{\"version\": 1, \"header\": %s, \"columns\": {",
                          m->has_header ? "true" : "false");
  for (guint f = 0; f < MAMORI_INVENTORY_N_FIELDS; f++)
    {
      if (m->columns[f].kind == MAP_AUTO)
        continue;
      g_string_append (s, first ? "" : ", ");
      first = FALSE;
      json_string (s, fields[f].id);
      g_string_append (s, ": ");
      switch (m->columns[f].kind)
        {
        case MAP_INDEX:
          g_string_append_printf (s, "{\"column\": %d}", m->columns[f].index + 1);
          break;
        case MAP_HEADER:
          g_string_append (s, "{\"header\": ");
          json_string (s, m->columns[f].header);
          g_string_append_c (s, '}');
          break;
        case MAP_IGNORE:
        case MAP_AUTO:
        default:
          g_string_append (s, "false");
          break;
        }
    }
  g_string_append (s, "}}");
  return g_string_free (s, FALSE);
}

static gboolean
mapping_json_error (GError     **error,
                    const char  *detail)
{
  g_set_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_MAPPING,
               _("The saved column mapping cannot be read: %s"), detail);
  return FALSE;
}

static gboolean
parse_mapping_json (sqlite3                 *db,
                    const char              *json,
                    MamoriInventoryMapping  *m,
                    GError                 **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT json_valid (?1), json_type (?1), "
                              "coalesce (json_extract (?1, '$.header'), 1), "
                              "coalesce (json_type (?1, '$.columns'), 'object')",
                          -1, &stmt, NULL) != SQLITE_OK)
    return mapping_json_error (error, sqlite3_errmsg (db));
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW || !sqlite3_column_int (stmt, 0) ||
      g_strcmp0 ((const char *)sqlite3_column_text (stmt, 1), "object") != 0 ||
      g_strcmp0 ((const char *)sqlite3_column_text (stmt, 3), "object") != 0)
    {
      sqlite3_finalize (stmt);
      return mapping_json_error (error, _("it is not a JSON object with an object of columns."));
    }
  m->has_header = sqlite3_column_int (stmt, 2) != 0;
  sqlite3_finalize (stmt);

  if (sqlite3_prepare_v2 (db, "SELECT key, type, json_extract (value, '$.header'), "
                              "json_extract (value, '$.column'), value "
                              "FROM json_each (?1, '$.columns')", -1, &stmt, NULL) != SQLITE_OK)
    return mapping_json_error (error, sqlite3_errmsg (db));
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *key = (const char *)sqlite3_column_text (stmt, 0);
      const char *type = (const char *)sqlite3_column_text (stmt, 1);
      MamoriInventoryField field;

      if (!mamori_inventory_field_from_id (key, &field))
        {
          g_autofree char *detail = g_strdup_printf (_("“%s” is not a field of an asset."), key);
          mapping_json_error (error, detail);
          goto out;
        }
      if (g_strcmp0 (type, "false") == 0 || g_strcmp0 (type, "null") == 0)
        mamori_inventory_mapping_set_ignored (m, field);
      else if (g_strcmp0 (type, "true") == 0)
        mamori_inventory_mapping_set_auto (m, field);
      else if (g_strcmp0 (type, "object") == 0 && sqlite3_column_type (stmt, 2) == SQLITE_TEXT)
        mamori_inventory_mapping_set_header (m, field, (const char *)sqlite3_column_text (stmt, 2));
      else if (g_strcmp0 (type, "object") == 0 &&
               sqlite3_column_type (stmt, 3) == SQLITE_INTEGER &&
               sqlite3_column_int64 (stmt, 3) >= 1 &&
               sqlite3_column_int64 (stmt, 3) <= MAMORI_CSV_MAX_FIELDS)
        mamori_inventory_mapping_set_index (m, field, sqlite3_column_int (stmt, 3) - 1);
      else
        {
          g_autofree char *detail = g_strdup_printf (_("the column of “%s” is neither a header "
                                                       "nor a column number."), key);
          mapping_json_error (error, detail);
          goto out;
        }
    }
  ok = TRUE;

out:
  sqlite3_finalize (stmt);
  return ok;
}

/**
 * mamori_inventory_mapping_from_json:
 *
 * Returns: (transfer full) (nullable): the mapping written by
 *   mamori_inventory_mapping_to_json(), or %NULL with @error set
 */
MamoriInventoryMapping *
mamori_inventory_mapping_from_json (const char  *json,
                                    GError     **error)
{
  g_autoptr(MamoriInventoryMapping) m = mamori_inventory_mapping_new ();
  sqlite3 *db = NULL;
  gboolean ok;

  /* SQLite's JSON functions, on a connection of its own: the core has no other JSON parser. */
  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK)
    {
      mapping_json_error (error, db ? sqlite3_errmsg (db) : "sqlite3_open");
      sqlite3_close (db);
      return NULL;
    }
  ok = parse_mapping_json (db, json ? json : "", m, error);
  sqlite3_close (db);
  return ok ? g_steal_pointer (&m) : NULL;
}

static gboolean
check_mapping_name (const char  *name,
                    GError     **error)
{
  if (mamori_text_is_blank (name) || !g_utf8_validate (name, -1, NULL) ||
      g_utf8_strlen (name, -1) > 200)
    {
      g_set_error_literal (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_MAPPING,
                           _("A column mapping needs a name of 1 to 200 characters."));
      return FALSE;
    }
  return TRUE;
}

static char *
mapping_uuid (MamoriStore *store,
              const char  *name)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, "SELECT uuid FROM import_mappings WHERE "
                                                    "kind = 'inventory' AND name = ?", NULL);
  char *uuid = NULL;

  if (stmt == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    uuid = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return uuid;
}

/**
 * mamori_inventory_mapping_save:
 * @name: how the user calls it ("税務課の台帳")
 *
 * Keeps a mapping for the next import of the same ledger, replacing one of the same name.
 * Recorded in the audit log.
 */
gboolean
mamori_inventory_mapping_save (MamoriStore                   *store,
                               const char                    *name,
                               const MamoriInventoryMapping  *m,
                               GError                       **error)
{
  g_autofree char *json = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *trimmed = NULL;
  sqlite3_stmt *stmt;
  gboolean exists;

  if (!check_mapping_name (name, error))
    return FALSE;
  trimmed = mamori_text_strip_dup (name);
  json = mamori_inventory_mapping_to_json (m);
  if (!mamori_store_begin (store, error))
    return FALSE;

  uuid = mapping_uuid (store, trimmed);
  exists = uuid != NULL;
  if (!exists)
    uuid = mamori_store_new_uuid (store);
  stmt = mamori_store_prepare (store, exists
                               ? "UPDATE import_mappings SET mapping = ?2 WHERE uuid = ?1"
                               : "INSERT INTO import_mappings (uuid, kind, name, mapping) "
                                 "VALUES (?1, 'inventory', ?3, ?2)", error);
  if (stmt == NULL)
    goto fail;
  mamori_bind_text (stmt, 1, uuid);
  mamori_bind_text (stmt, 2, json);
  if (!exists)
    mamori_bind_text (stmt, 3, trimmed);
  if (!mamori_store_audited_step (store, "import_mappings", uuid,
                                  exists ? MAMORI_AUDIT_UPDATE : MAMORI_AUDIT_INSERT, stmt, error))
    goto fail;
  return mamori_store_commit (store, error);

fail:
  mamori_store_rollback (store);
  return FALSE;
}

/**
 * mamori_inventory_mapping_load:
 *
 * Returns: (transfer full) (nullable): the mapping saved as @name, or %NULL with @error set
 */
MamoriInventoryMapping *
mamori_inventory_mapping_load (MamoriStore  *store,
                               const char   *name,
                               GError      **error)
{
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store, "SELECT mapping FROM import_mappings WHERE "
                                      "kind = 'inventory' AND name = ?", error);
  if (stmt == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    json = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (json == NULL)
    {
      g_set_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_NOT_FOUND,
                   _("No column mapping called “%s” has been saved."), name);
      return NULL;
    }
  return mamori_inventory_mapping_from_json (json, error);
}

/**
 * mamori_inventory_mapping_list:
 *
 * Returns: (transfer full) (nullable): the names of the saved inventory mappings, sorted
 */
GStrv
mamori_inventory_mapping_list (MamoriStore  *store,
                               GError      **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store, "SELECT name FROM import_mappings WHERE kind = "
                                      "'inventory' ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup (mamori_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  g_ptr_array_add (names, NULL);
  return (GStrv)g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

gboolean
mamori_inventory_mapping_delete (MamoriStore  *store,
                                 const char   *name,
                                 GError      **error)
{
  g_autofree char *uuid = NULL;
  sqlite3_stmt *stmt;

  if (!mamori_store_begin (store, error))
    return FALSE;
  uuid = mapping_uuid (store, name);
  if (uuid == NULL)
    {
      g_set_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_NOT_FOUND,
                   _("No column mapping called “%s” has been saved."), name);
      goto fail;
    }
  stmt = mamori_store_prepare (store, "DELETE FROM import_mappings WHERE uuid = ?", error);
  if (stmt == NULL)
    goto fail;
  mamori_bind_text (stmt, 1, uuid);
  if (!mamori_store_audited_step (store, "import_mappings", uuid, MAMORI_AUDIT_DELETE, stmt,
                                  error))
    goto fail;
  return mamori_store_commit (store, error);

fail:
  mamori_store_rollback (store);
  return FALSE;
}
