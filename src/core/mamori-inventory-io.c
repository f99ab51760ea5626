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
#include "mamori-import-mappings.h"
#include "mamori-asset.h"
#include "mamori-era.h"
#include "mamori-rules.h"
#include "mamori-standard.h"
#include "mamori-text.h"
#include "mamori-xml.h"

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
  { "code", "資産番号", NC_("inventory field", "Code"),
    "管理番号|資産コード|資産管理番号|情報資産番号|整理番号|番号|資産no" },
  { "name", "名称", NC_("inventory field", "Name"),
    "資産名|資産名称|情報資産名|情報資産の名称|名前|件名" },
  { "description", "説明", NC_("inventory field", "Description"),
    "概要|内容|資産の説明|説明・概要" },
  { "kind", "種別", NC_("inventory field", "Kind"),
    "種類|資産種別|資産の種類|形態|区分" },
  { "owner_section_code", "作成課等コード", NC_("inventory field", "Creating section (code)"),
    "作成課コード|所管課コード|課コード|課等コード|所属コード|部署コード|担当課コード" },
  { "owner_section", "作成課等", NC_("inventory field", "Creating section"),
    "作成課|所管課|所管課等|担当課|管理課|主管課|課等|課名|所属|部署|作成課等名" },
  { "holding_section_code", "保有課等コード", NC_("inventory field", "Holding section"),
    "保有課等|保有課|保有課コード|保管課|保有部署" },
  { "original_code", "原本資産番号", NC_("inventory field", "Original (code)"),
    "原本|原本番号|原本の資産番号|原本管理番号" },
  { "class", "重要性分類", NC_("inventory field", "Class"),
    "分類|重要度|重要性|格付|格付け|機密性|class_code" },
  { "criteria", "該当基準", NC_("inventory field", "Criteria"),
    "基準|分類基準|該当する基準|該当項目|判定基準" },
  { "cia_note", "CIA備考", NC_("inventory field", "Note on C/I/A"),
    "cia|cia注記|機密性・完全性・可用性|機密性・完全性・可用性の備考" },
  { "medium", "媒体", NC_("inventory field", "Medium"),
    "記録媒体|保存媒体|媒体の種類" },
  { "storage_place", "保管場所", NC_("inventory field", "Storage place"),
    "保存場所|保管先|設置場所|保管・設置場所" },
  { "area_code", "管理区域コード", NC_("inventory field", "Managed area (code)"),
    "管理区域|管理区域番号|保管管理区域|区域コード" },
  { "lockable", "施錠保管", NC_("inventory field", "Lockable storage"),
    "施錠|施錠可能|鍵付き保管|施錠保管の有無" },
  { "finalised", "確定済み", NC_("inventory field", "Finalised"),
    "確定|確定済|確定の有無" },
  { "write_protected", "書込禁止", NC_("inventory field", "Write-protected"),
    "書き込み禁止|書込み禁止|書込保護|書き込み保護|ライトプロテクト|書込禁止措置" },
  { "marking", "表示", NC_("inventory field", "Marking"),
    "表示記号|ラベル|表示コード|識別表示" },
  { "backup_cycle_days", "バックアップ周期(日)", NC_("inventory field", "Backup cycle (days)"),
    "バックアップ周期|バックアップ間隔|バックアップ周期日|バックアップ間隔(日)" },
  { "last_backup_on", "最終バックアップ日", NC_("inventory field", "Last backup"),
    "最終バックアップ|バックアップ日|直近バックアップ日|前回バックアップ日" },
  { "status", "状態", NC_("inventory field", "Status"),
    "ステータス|使用状況|状況" },
  { "registered_on", "登録日", NC_("inventory field", "Registered on"),
    "登録年月日|作成日|登録" },
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
  return g_dpgettext2 (GETTEXT_PACKAGE, "inventory field", fields[field].label);
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

/* The ledger's words, folded, in one table built once: "b" + word → yes/no/unknown, "k" + word
 * → a kind, "s" + word → a status.  The words as written are keys too, so that the common
 * case (はい, 紙, 使用中) is found without folding. */
static void
add_words (GHashTable *table,
           char        space,
           const char *words,
           const char *meaning)
{
  g_auto(GStrv) list = g_strsplit (words, "|", -1);

  for (guint i = 0; list[i]; i++)
    {
      g_autofree char *folded = fold_word (list[i]);

      g_hash_table_insert (table, g_strdup_printf ("%c%s", space, list[i]), (gpointer)meaning);
      g_hash_table_insert (table, g_strdup_printf ("%c%s", space, folded), (gpointer)meaning);
    }
}

static GHashTable *
vocabulary (void)
{
  static GHashTable *table = NULL;

  if (g_once_init_enter (&table))
    {
      GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      add_words (t, 'b', YES_WORDS, "yes");
      add_words (t, 'b', NO_WORDS, "no");
      add_words (t, 'b', UNKNOWN_WORDS, "unknown");
      for (guint i = 0; i < G_N_ELEMENTS (kind_words); i++)
        {
          add_words (t, 'k', kind_words[i].words, kind_words[i].kind);
          add_words (t, 'k', kind_words[i].kind, kind_words[i].kind);
        }
      for (guint i = 0; i < G_N_ELEMENTS (status_words); i++)
        {
          add_words (t, 's', status_words[i].words, status_words[i].status);
          add_words (t, 's', status_words[i].status, status_words[i].status);
        }
      g_once_init_leave (&table, t);
    }
  return table;
}

/* What a ledger's @value means in @space ('b', 'k' or 's'), or NULL. */
static const char *
lookup_word (char        space,
             const char *value)
{
  char key[64];
  g_autofree char *folded = NULL;
  g_autofree char *long_key = NULL;
  const char *meaning;

  if (strlen (value) < sizeof key - 1)
    {
      key[0] = space;
      strcpy (key + 1, value);
      if ((meaning = g_hash_table_lookup (vocabulary (), key)) != NULL)
        return meaning;
    }
  folded = fold_word (value);
  long_key = g_strdup_printf ("%c%s", space, folded);
  return g_hash_table_lookup (vocabulary (), long_key);
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
  /* The common case first: the date as Mamori writes it. */
  if (mamori_date_parse_iso (text, &y, &m, &d))
    {
      *iso = g_strdup (text);
      return TRUE;
    }
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
                             "only %u columns."), mamori_inventory_field_label (f),
                           m->columns[f].index + 1, n_columns);
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
                             "file does not have."), mamori_inventory_field_label (f),
                           m->columns[f].header);
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
      mamori_import_mapping_json_string (s, fields[f].id);
      g_string_append (s, ": ");
      switch (m->columns[f].kind)
        {
        case MAP_INDEX:
          g_string_append_printf (s, "{\"column\": %d}", m->columns[f].index + 1);
          break;
        case MAP_HEADER:
          g_string_append (s, "{\"header\": ");
          mamori_import_mapping_json_string (s, m->columns[f].header);
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
  int rc;

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

  if (sqlite3_prepare_v2 (db, "SELECT key, type, "
                              "CASE type WHEN 'object' THEN json_extract (value, '$.header') END, "
                              "CASE type WHEN 'object' THEN json_extract (value, '$.column') END "
                              "FROM json_each (?1, '$.columns')", -1, &stmt, NULL) != SQLITE_OK)
    return mapping_json_error (error, sqlite3_errmsg (db));
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
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
  if (rc != SQLITE_DONE)
    mapping_json_error (error, sqlite3_errmsg (db));
  else
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
  g_autofree char *json = mamori_inventory_mapping_to_json (m);

  return mamori_import_mapping_save_json (store, MAMORI_IMPORT_MAPPING_INVENTORY, name, json,
                                          error);
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
  g_autofree char *json = mamori_import_mapping_load_json (store, MAMORI_IMPORT_MAPPING_INVENTORY,
                                                           name, error);

  return json ? mamori_inventory_mapping_from_json (json, error) : NULL;
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
  return mamori_import_mapping_list (store, MAMORI_IMPORT_MAPPING_INVENTORY, error);
}

gboolean
mamori_inventory_mapping_delete (MamoriStore  *store,
                                 const char   *name,
                                 GError      **error)
{
  return mamori_import_mapping_delete (store, MAMORI_IMPORT_MAPPING_INVENTORY, name, error);
}

/* Export ---------------------------------------------------------------------------------------- */

void
mamori_inventory_export_options_init (MamoriInventoryExportOptions *options)
{
  memset (options, 0, sizeof *options);
  options->encoding = MAMORI_CSV_ENCODING_UTF8;
}

void
mamori_inventory_export_stats_clear (MamoriInventoryExportStats *stats)
{
  g_clear_pointer (&stats->first_substitution, g_free);
  stats->assets = 0;
  stats->substituted = 0;
}

/* The columns of the CSV export, in the order of MamoriInventoryField. */
#define CSV_COLUMNS \
  "a.code, a.name, a.description, a.kind, o.code, o.name, h.code, g.code, a.class_code, " \
  "a.criteria, a.cia_note, a.medium, a.storage_place, " \
  "(SELECT r.code FROM area_assets AS x JOIN areas AS r ON r.id = x.area_id " \
  " WHERE x.asset_id = a.id), a.lockable, a.finalised, " \
  "a.write_protected, a.marking, a.backup_cycle_days, a.last_backup_on, a.status, " \
  "a.registered_on"

#define ASSET_JOINS \
  " FROM assets AS a JOIN sections AS o ON o.id = a.owner_section_id" \
  " LEFT JOIN sections AS h ON h.id = a.holding_section_id" \
  " LEFT JOIN assets AS g ON g.id = a.original_id"

/* A section's assets: those it made, and the copies it holds. */
#define IN_SECTION " WHERE a.owner_section_id = ?1 OR a.holding_section_id = ?1"

static gint64
count_assets (MamoriStore *store,
              gint64       section_id)
{
  sqlite3_stmt *stmt;
  gint64 n = 0;

  stmt = mamori_store_prepare (store, section_id == 0 ? "SELECT count (*) FROM assets AS a"
                                      : "SELECT count (*) FROM assets AS a" IN_SECTION, NULL);
  if (stmt == NULL)
    return 0;
  if (section_id != 0)
    sqlite3_bind_int64 (stmt, 1, section_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
progress (MamoriProgressFunc  func,
          gpointer            data,
          double              fraction,
          const char         *what)
{
  if (func != NULL)
    func (CLAMP (fraction, 0.0, 1.0), what, data);
}

static const char *
tristate_text (sqlite3_stmt *stmt,
               int           column,
               gboolean      codes)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return "";
  if (sqlite3_column_int (stmt, column))
    return codes ? "1" : "はい";
  return codes ? "0" : "いいえ";
}

static const char *
csv_value (sqlite3_stmt         *stmt,
           MamoriInventoryField  field,
           gboolean              codes)
{
  const char *text;

  switch (field)
    {
    case MAMORI_INVENTORY_FIELD_LOCKABLE:
    case MAMORI_INVENTORY_FIELD_FINALISED:
    case MAMORI_INVENTORY_FIELD_WRITE_PROTECTED:
      return tristate_text (stmt, field, codes);
    case MAMORI_INVENTORY_FIELD_KIND:
      text = mamori_column_text (stmt, field);
      return codes ? text : kind_word (text);
    case MAMORI_INVENTORY_FIELD_STATUS:
      text = mamori_column_text (stmt, field);
      return codes ? text : status_word (text);
    default:
      return mamori_column_text (stmt, field);
    }
}

/**
 * mamori_inventory_export_csv:
 * @options: (nullable): what to export and how; %NULL: every asset, UTF-8 with a BOM
 * @stats: (out caller-allocates) (optional): how many assets were written, and substitutions
 *
 * Writes the inventory as a CSV ledger that Excel opens as it is: a header of the Japanese
 * column names, CRLF line ends, UTF-8 with a byte order mark or CP932.  Streams: one row in
 * memory at a time.  A character CP932 lacks makes the export fail naming the asset, the
 * column and the character, unless @options asks to substitute.
 */
gboolean
mamori_inventory_export_csv (MamoriStore                         *store,
                             GOutputStream                       *stream,
                             const MamoriInventoryExportOptions  *options,
                             MamoriInventoryExportStats          *stats,
                             GCancellable                        *cancellable,
                             GError                             **error)
{
  MamoriInventoryExportOptions defaults;
  g_autoptr(MamoriCsvWriter) writer = NULL;
  const char *names[MAMORI_INVENTORY_N_FIELDS + 1] = { NULL };
  MamoriCsvWriterFlags flags = MAMORI_CSV_WRITER_DEFAULT;
  sqlite3_stmt *stmt;
  gint64 n = 0, total;
  int rc;

  if (options == NULL)
    {
      mamori_inventory_export_options_init (&defaults);
      options = &defaults;
    }
  if (options->encoding == MAMORI_CSV_ENCODING_UTF8)
    flags |= MAMORI_CSV_WRITER_BOM;
  if (options->substitute)
    flags |= MAMORI_CSV_WRITER_SUBSTITUTE;
  writer = mamori_csv_writer_new (stream, options->encoding == MAMORI_CSV_ENCODING_CP932
                                          ? MAMORI_CSV_ENCODING_CP932 : MAMORI_CSV_ENCODING_UTF8,
                                  flags, error);
  if (writer == NULL)
    return FALSE;

  for (guint f = 0; f < MAMORI_INVENTORY_N_FIELDS; f++)
    names[f] = options->field_ids ? fields[f].id : fields[f].header;
  mamori_csv_writer_set_column_names (writer, names);
  if (!mamori_csv_writer_write_record (writer, names, MAMORI_INVENTORY_N_FIELDS, cancellable,
                                       error))
    return FALSE;

  total = count_assets (store, options->section_id);
  stmt = mamori_store_prepare (store, options->section_id == 0
                               ? "SELECT " CSV_COLUMNS ASSET_JOINS " ORDER BY a.id"
                               : "SELECT " CSV_COLUMNS ASSET_JOINS IN_SECTION " ORDER BY a.id",
                               error);
  if (stmt == NULL)
    return FALSE;
  if (options->section_id != 0)
    sqlite3_bind_int64 (stmt, 1, options->section_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (guint f = 0; f < MAMORI_INVENTORY_N_FIELDS; f++)
        mamori_csv_writer_add_field (writer, csv_value (stmt, f, options->field_ids));
      if (!mamori_csv_writer_end_record (writer, cancellable, error))
        {
          g_prefix_error (error, _("Asset “%s”: "), mamori_column_text (stmt, 0));
          sqlite3_reset (stmt);
          return FALSE;
        }
      if (++n % 1024 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              sqlite3_reset (stmt);
              return FALSE;
            }
          if (n % 16384 == 0)
            progress (options->progress, options->progress_data, (double)n / MAX (total, 1),
                      _("Exporting the inventory"));
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mamori_store_set_error (store, rc, error);
  if (!mamori_csv_writer_flush (writer, cancellable, error))
    return FALSE;

  if (stats != NULL)
    {
      stats->assets = n;
      stats->substituted = mamori_csv_writer_get_n_substituted (writer);
      g_free (stats->first_substitution);
      stats->first_substitution = g_strdup (mamori_csv_writer_get_first_substitution (writer));
    }
  progress (options->progress, options->progress_data, 1.0, _("Exporting the inventory"));
  return TRUE;
}

/* XML ------------------------------------------------------------------------------------------- */

#define XML_MAX_DEPTH 4

typedef struct
{
  xmlTextWriter  *w;
  GOutputStream  *stream;
  GString        *pending;   /* written out in large blocks: libxml2 hands out 4 KB at a time */
  /* One asset, serialised here and handed to the writer whole (see write_asset()). */
  GString        *asset;
  const char     *names[XML_MAX_DEPTH];
  gboolean        nested[XML_MAX_DEPTH];
  GHashTable     *eras;      /* ISO date → 和暦: an inventory has a few thousand dates */
  guint           depth;
  gboolean        tag_open;
  GCancellable   *cancellable;
  GError         *io_error;
  GError         *text_error;
  const char     *asset_code;
  gboolean        failed;
} XmlOut;

#define XML_FLUSH (256 * 1024)

static gboolean
xml_out_flush (XmlOut *x)
{
  gboolean ok;

  if (x->io_error != NULL)
    return FALSE;
  ok = g_output_stream_write_all (x->stream, x->pending->str, x->pending->len, NULL,
                                  x->cancellable, &x->io_error);
  g_string_truncate (x->pending, 0);
  return ok;
}

static int
xml_out_write (void       *context,
               const char *buffer,
               int         len)
{
  XmlOut *x = context;

  if (x->io_error != NULL)
    return -1;
  g_string_append_len (x->pending, buffer, len);
  if (x->pending->len >= XML_FLUSH && !xml_out_flush (x))
    return -1;
  return len;
}

static int
xml_out_close (void *context)
{
  return 0;
}

/* XML 1.0 cannot hold C0 control characters other than tab and line breaks, even escaped.
 * Sets *plain when the text needs no escaping at all, in content and in attributes alike, so
 * that it can be written as it is: most of an inventory's text, written faster. */
static gboolean
xml_text_ok (XmlOut     *x,
             const char *what,
             const char *text,
             gboolean   *plain)
{
  *plain = TRUE;
  for (const char *p = text; *p; p++)
    if (*p == '<' || *p == '>' || *p == '&' || *p == '"' || *p == '\r' || *p == '\n' ||
        *p == '\t')
      *plain = FALSE;
    else if ((guchar)*p < 0x20)
      {
        if (x->text_error == NULL)
          g_set_error (&x->text_error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_UNWRITABLE,
                       _("Asset “%s”: its %s holds a control character (U+%04X) that XML "
                         "cannot hold; correct it in Mamori and export again."),
                       x->asset_code ? x->asset_code : "", what, (guint)(guchar)*p);
        x->failed = TRUE;
        return FALSE;
      }
  return TRUE;
}

/* Appends @text escaped for XML content, or for an attribute value. */
static void
append_escaped (GString    *s,
                const char *text,
                gboolean    attribute)
{
  const char *p = text, *run = text;

  for (; *p; p++)
    {
      const char *entity = NULL;

      switch (*p)
        {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\r': entity = "&#13;"; break;
        case '\n': entity = attribute ? "&#10;" : NULL; break;
        case '\t': entity = attribute ? "&#9;" : NULL; break;
        default: break;
        }
      if (entity == NULL)
        continue;
      g_string_append_len (s, run, p - run);
      g_string_append (s, entity);
      run = p + 1;
    }
  g_string_append_len (s, run, p - run);
}

static void
asset_indent (XmlOut *x)
{
  for (guint i = 0; i <= x->depth; i++)
    g_string_append (x->asset, "  ");
}

static void
x_start (XmlOut     *x,
         const char *name)
{
  if (x->failed)
    return;
  if (x->asset == NULL)
    {
      if (xmlTextWriterStartElement (x->w, BAD_CAST name) < 0)
        x->failed = TRUE;
      return;
    }
  g_assert (x->depth < XML_MAX_DEPTH);
  if (x->tag_open)
    g_string_append_c (x->asset, '>');
  if (x->depth > 0)
    {
      x->nested[x->depth - 1] = TRUE;
      g_string_append_c (x->asset, '\n');
    }
  asset_indent (x);
  g_string_append_c (x->asset, '<');
  g_string_append (x->asset, name);
  x->names[x->depth] = name;
  x->nested[x->depth] = FALSE;
  x->depth++;
  x->tag_open = TRUE;
}

static void
x_end (XmlOut *x)
{
  if (x->failed)
    return;
  if (x->asset == NULL)
    {
      if (xmlTextWriterEndElement (x->w) < 0)
        x->failed = TRUE;
      return;
    }
  x->depth--;
  if (x->tag_open)
    g_string_append (x->asset, "/>");
  else
    {
      if (x->nested[x->depth])
        {
          g_string_append_c (x->asset, '\n');
          asset_indent (x);
        }
      g_string_append (x->asset, "</");
      g_string_append (x->asset, x->names[x->depth]);
      g_string_append_c (x->asset, '>');
    }
  x->tag_open = FALSE;
}

static void
x_attr (XmlOut     *x,
        const char *name,
        const char *value)
{
  gboolean plain;

  if (value == NULL || x->failed || !xml_text_ok (x, name, value, &plain))
    return;
  if (x->asset != NULL)
    {
      g_string_append_c (x->asset, ' ');
      g_string_append (x->asset, name);
      g_string_append (x->asset, "=\"");
      if (plain)
        g_string_append (x->asset, value);
      else
        append_escaped (x->asset, value, TRUE);
      g_string_append_c (x->asset, '"');
      return;
    }
  if (plain ? (xmlTextWriterStartAttribute (x->w, BAD_CAST name) < 0 ||
               xmlTextWriterWriteRaw (x->w, BAD_CAST value) < 0 ||
               xmlTextWriterEndAttribute (x->w) < 0)
            : xmlTextWriterWriteAttribute (x->w, BAD_CAST name, BAD_CAST value) < 0)
    x->failed = TRUE;
}

static void
x_text (XmlOut     *x,
        const char *what,
        const char *text)
{
  gboolean plain;

  if (text == NULL || x->failed || !xml_text_ok (x, what, text, &plain))
    return;
  if (x->asset != NULL)
    {
      if (x->tag_open)
        g_string_append_c (x->asset, '>');
      x->tag_open = FALSE;
      if (plain)
        g_string_append (x->asset, text);
      else
        append_escaped (x->asset, text, FALSE);
      return;
    }
  if ((plain ? xmlTextWriterWriteRaw (x->w, BAD_CAST text)
             : xmlTextWriterWriteString (x->w, BAD_CAST text)) < 0)
    x->failed = TRUE;
}

/* <name>text</name>, left out when the text is empty. */
static void
x_element (XmlOut     *x,
           const char *name,
           const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  x_start (x, name);
  x_text (x, name, text);
  x_end (x);
}

/* <name era="令和8年4月1日">2026-04-01</name>, left out without a date. */
static void
x_date (XmlOut     *x,
        const char *name,
        const char *iso)
{
  const char *era;

  if (iso == NULL || *iso == '\0')
    return;
  era = x->eras ? g_hash_table_lookup (x->eras, iso) : NULL;
  if (era == NULL && x->eras != NULL)
    {
      char *formatted = mamori_era_format_iso (iso, MAMORI_ERA_STYLE_LONG);

      if (g_hash_table_size (x->eras) >= 16384)
        g_hash_table_remove_all (x->eras);
      if (formatted != NULL)
        g_hash_table_insert (x->eras, g_strdup (iso), formatted);
      era = formatted;
    }
  x_start (x, name);
  x_attr (x, "era", era);
  x_text (x, name, iso);
  x_end (x);
}

/* <name uuid="…">person's name</name>, for a person of the register. */
static void
x_person (XmlOut       *x,
          const char   *name,
          sqlite3_stmt *stmt,
          int           uuid_column)
{
  if (sqlite3_column_type (stmt, uuid_column) == SQLITE_NULL)
    return;
  x_start (x, name);
  x_attr (x, "uuid", mamori_column_text (stmt, uuid_column));
  x_text (x, name, mamori_column_text (stmt, uuid_column + 1));
  x_end (x);
}

static void
x_bool (XmlOut       *x,
        const char   *name,
        sqlite3_stmt *stmt,
        int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return;
  x_element (x, name, sqlite3_column_int (stmt, column) ? "true" : "false");
}

/* The registers of the assets, read alongside them in asset order. */
typedef struct
{
  sqlite3_stmt *stmt;
  int           rc;
} Cursor;

static gboolean
cursor_open (MamoriStore  *store,
             Cursor       *c,
             const char   *sql,
             gint64        section_id,
             GError      **error)
{
  c->stmt = mamori_store_prepare (store, sql, error);
  if (c->stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (c->stmt, 1, section_id);
  c->rc = sqlite3_step (c->stmt);
  return TRUE;
}

/* Moves to the first row of @asset_id, if there is one. */
static gboolean
cursor_at (Cursor *c,
           gint64  asset_id)
{
  while (c->rc == SQLITE_ROW && sqlite3_column_int64 (c->stmt, 0) < asset_id)
    c->rc = sqlite3_step (c->stmt);
  return c->rc == SQLITE_ROW && sqlite3_column_int64 (c->stmt, 0) == asset_id;
}

static void
cursor_next (Cursor *c)
{
  c->rc = sqlite3_step (c->stmt);
}

static void
cursor_close (Cursor *c)
{
  if (c->stmt != NULL)
    sqlite3_reset (c->stmt);
  c->stmt = NULL;
}

#define XML_COLUMNS \
  "a.id, a.uuid, a.code, a.name, a.description, a.kind, o.code, o.name, h.code, h.name, " \
  "g.code, g.uuid, a.class_code, c.name, a.criteria, a.cia_note, a.medium, a.storage_place, " \
  "a.lockable, a.finalised, a.write_protected, a.marking, a.backup_cycle_days, " \
  "a.last_backup_on, a.status, a.registered_on, r.code, r.name"

#define XML_JOINS \
  ASSET_JOINS \
  " LEFT JOIN area_assets AS x ON x.asset_id = a.id" \
  " LEFT JOIN areas AS r ON r.id = x.area_id" \
  " LEFT JOIN classification_classes AS c ON c.code = a.class_code" \
  " AND c.standard_id = (SELECT id FROM standards WHERE active = 1)"

#define CHILD_FILTER(alias) \
  " WHERE ?1 = 0 OR " alias ".asset_id IN (SELECT a.id FROM assets AS a" IN_SECTION ")"

static const char access_sql[] =
  "SELECT x.asset_id, x.uuid, p.uuid, p.name, x.description FROM asset_access AS x "
  "LEFT JOIN people AS p ON p.id = x.person_id" CHILD_FILTER ("x")
  " ORDER BY x.asset_id, x.id";

static const char takeouts_sql[] =
  "SELECT t.asset_id, t.uuid, t.kind, t.purpose, t.method, t.handling, t.destination, "
  "t.requested_by, p.uuid, p.name, t.approved_on, t.out_on, t.returned_on, t.note "
  "FROM asset_takeouts AS t LEFT JOIN people AS p ON p.id = t.approver_id" CHILD_FILTER ("t")
  " ORDER BY t.asset_id, t.out_on, t.id";

static const char disposals_sql[] =
  "SELECT d.asset_id, d.uuid, p.uuid, p.name, d.approved_on, d.erasure_method, d.disposed_on, "
  "w.uuid, w.name, d.note FROM asset_disposals AS d "
  "LEFT JOIN people AS p ON p.id = d.approver_id "
  "LEFT JOIN people AS w ON w.id = d.witness_id" CHILD_FILTER ("d")
  " ORDER BY d.asset_id";

static void
write_registers (XmlOut *x,
                 gint64  id,
                 Cursor *access,
                 Cursor *takeouts,
                 Cursor *disposals)
{
  for (gboolean at = cursor_at (access, id); at; cursor_next (access), at = cursor_at (access, id))
    {
      sqlite3_stmt *s = access->stmt;

      x_start (x, "access");
      x_attr (x, "uuid", mamori_column_text (s, 1));
      x_person (x, "person", s, 2);
      x_element (x, "description", mamori_column_text (s, 4));
      x_end (x);
    }
  for (gboolean at = cursor_at (takeouts, id); at;
       cursor_next (takeouts), at = cursor_at (takeouts, id))
    {
      sqlite3_stmt *s = takeouts->stmt;

      x_start (x, "takeout");
      x_attr (x, "uuid", mamori_column_text (s, 1));
      x_attr (x, "kind", mamori_column_text (s, 2));
      x_element (x, "purpose", mamori_column_text (s, 3));
      x_element (x, "method", mamori_column_text (s, 4));
      x_element (x, "handling", mamori_column_text (s, 5));
      x_element (x, "destination", mamori_column_text (s, 6));
      x_element (x, "requested-by", mamori_column_text (s, 7));
      x_person (x, "approver", s, 8);
      x_date (x, "approved-on", mamori_column_text (s, 10));
      x_date (x, "out-on", mamori_column_text (s, 11));
      x_date (x, "returned-on", mamori_column_text (s, 12));
      x_element (x, "note", mamori_column_text (s, 13));
      x_end (x);
    }
  if (cursor_at (disposals, id))
    {
      sqlite3_stmt *s = disposals->stmt;

      x_start (x, "disposal");
      x_attr (x, "uuid", mamori_column_text (s, 1));
      x_person (x, "approver", s, 2);
      x_date (x, "approved-on", mamori_column_text (s, 4));
      x_element (x, "erasure-method", mamori_column_text (s, 5));
      x_date (x, "disposed-on", mamori_column_text (s, 6));
      x_person (x, "witness", s, 7);
      x_element (x, "note", mamori_column_text (s, 9));
      x_end (x);
      cursor_next (disposals);
    }
}

static void
write_asset (XmlOut       *x,
             sqlite3_stmt *s,
             Cursor       *access,
             Cursor       *takeouts,
             Cursor       *disposals)
{
  const char *criteria = mamori_column_text (s, 14);

  x->depth = 0;
  x->tag_open = FALSE;

  x->asset_code = mamori_column_text (s, 2);
  x_start (x, "asset");
  x_attr (x, "uuid", mamori_column_text (s, 1));
  x_attr (x, "code", x->asset_code);
  x_element (x, "name", mamori_column_text (s, 3));
  x_element (x, "description", mamori_column_text (s, 4));
  x_element (x, "kind", mamori_column_text (s, 5));

  x_start (x, "owner-section");
  x_attr (x, "code", mamori_column_text (s, 6));
  x_text (x, "owner-section", mamori_column_text (s, 7));
  x_end (x);
  if (sqlite3_column_type (s, 8) != SQLITE_NULL)
    {
      x_start (x, "holding-section");
      x_attr (x, "code", mamori_column_text (s, 8));
      x_text (x, "holding-section", mamori_column_text (s, 9));
      x_end (x);
    }
  if (sqlite3_column_type (s, 10) != SQLITE_NULL)
    {
      x_start (x, "original");
      x_attr (x, "code", mamori_column_text (s, 10));
      x_attr (x, "uuid", mamori_column_text (s, 11));
      x_end (x);
    }

  x_start (x, "class");
  x_attr (x, "code", mamori_column_text (s, 12));
  x_text (x, "class", mamori_column_text (s, 13));
  x_end (x);
  for (const char *p = criteria; p != NULL && *p != '\0';)
    {
      const char *comma = strchr (p, ',');
      g_autofree char *code = comma ? g_strndup (p, comma - p) : g_strdup (p);

      x_start (x, "criterion");
      x_attr (x, "code", code);
      x_end (x);
      p = comma ? comma + 1 : NULL;
    }

  x_element (x, "cia-note", mamori_column_text (s, 15));
  x_element (x, "medium", mamori_column_text (s, 16));
  x_element (x, "storage-place", mamori_column_text (s, 17));
  if (sqlite3_column_type (s, 26) != SQLITE_NULL)
    {
      x_start (x, "managed-area");
      x_attr (x, "code", mamori_column_text (s, 26));
      x_text (x, "managed-area", mamori_column_text (s, 27));
      x_end (x);
    }
  x_bool (x, "lockable", s, 18);
  x_bool (x, "finalised", s, 19);
  x_bool (x, "write-protected", s, 20);
  x_element (x, "marking", mamori_column_text (s, 21));
  x_element (x, "backup-cycle-days", mamori_column_text (s, 22));
  x_date (x, "last-backup-on", mamori_column_text (s, 23));
  x_element (x, "status", mamori_column_text (s, 24));
  x_date (x, "registered-on", mamori_column_text (s, 25));

  write_registers (x, sqlite3_column_int64 (s, 0), access, takeouts, disposals);
  x_end (x);
  g_string_append_c (x->asset, '\n');

  /* The asset goes to the writer as one piece: element by element, libxml2's writer spends
   * more time than the whole CSV export takes.  The escaping above is the writer's own. */
  if (!x->failed && xmlTextWriterWriteRaw (x->w, BAD_CAST x->asset->str) < 0)
    x->failed = TRUE;
  g_string_truncate (x->asset, 0);
}

/* Returns whether the root has child elements yet (after which the writer starts a line). */
static gboolean
write_header (XmlOut      *x,
              MamoriStore *store,
              gint64       section_id)
{
  gboolean children = FALSE;

  g_autofree char *now = mamori_timestamp_now ();
  g_autofree char *now_era = mamori_era_format_timestamp (now);
  g_autoptr(MamoriStandardInfo) info = mamori_standard_get_info (store, 0, NULL);

  x_start (x, "inventory");
  x_attr (x, "xmlns", MAMORI_INVENTORY_NAMESPACE);
  x_attr (x, "exported-at", now);
  x_attr (x, "exported-at-era", now_era);
  x_attr (x, "generator", "Mamori " PACKAGE_VERSION);
  if (info != NULL)
    {
      x_start (x, "standard");
      x_attr (x, "code", info->code);
      x_attr (x, "version", info->version);
      x_attr (x, "catalogue-version", info->catalogue_version);
      x_text (x, "standard", info->title);
      x_end (x);
      children = TRUE;
    }
  if (section_id != 0)
    {
      sqlite3_stmt *stmt = mamori_store_prepare (store, "SELECT code, name FROM sections "
                                                        "WHERE id = ?", NULL);

      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, section_id);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            {
              x_start (x, "section");
              x_attr (x, "code", mamori_column_text (stmt, 0));
              x_text (x, "section", mamori_column_text (stmt, 1));
              x_end (x);
              children = TRUE;
            }
          sqlite3_reset (stmt);
        }
    }
  return children;
}

static gboolean
xml_fail (XmlOut  *x,
          GError **error)
{
  if (x->text_error != NULL)
    g_propagate_error (error, g_steal_pointer (&x->text_error));
  else if (x->io_error != NULL)
    g_propagate_error (error, g_steal_pointer (&x->io_error));
  else
    g_set_error_literal (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_UNWRITABLE,
                         _("The XML file could not be written."));
  return FALSE;
}

/**
 * mamori_inventory_export_xml:
 * @options: (nullable): which assets (section_id); the CSV options are ignored
 *
 * Writes the inventory as XML valid against mamori-inventory-1.xsd (namespace
 * https://mamori.github.io/ns/inventory/1): the standard in force, and every asset with its
 * uuid, its fields, the people with access rights, its take-outs and its disposal.  Dates are
 * ISO 8601, with their 和暦 in an era attribute for human readers.  Streams: one asset in
 * memory at a time.
 */
gboolean
mamori_inventory_export_xml (MamoriStore                         *store,
                             GOutputStream                       *stream,
                             const MamoriInventoryExportOptions  *options,
                             MamoriInventoryExportStats          *stats,
                             GCancellable                        *cancellable,
                             GError                             **error)
{
  MamoriInventoryExportOptions defaults;
  XmlOut x = { .stream = stream, .cancellable = cancellable };
  g_autoptr(GString) pending = g_string_sized_new (XML_FLUSH + 8192);
  g_autoptr(GString) asset = g_string_sized_new (4096);
  g_autoptr(GHashTable) eras = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Cursor access = { 0 }, takeouts = { 0 }, disposals = { 0 };
  xmlOutputBuffer *buffer;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  gboolean header_children;
  gint64 n = 0, total;
  int rc;

  if (options == NULL)
    {
      mamori_inventory_export_options_init (&defaults);
      options = &defaults;
    }

  x.pending = pending;
  x.eras = eras;
  buffer = xmlOutputBufferCreateIO (xml_out_write, xml_out_close, &x, NULL);
  x.w = buffer ? xmlNewTextWriter (buffer) : NULL;
  if (x.w == NULL)
    {
      if (buffer != NULL)
        xmlOutputBufferClose (buffer);
      return xml_fail (&x, error);
    }
  xmlTextWriterSetIndent (x.w, 1);
  xmlTextWriterSetIndentString (x.w, BAD_CAST "  ");
  if (xmlTextWriterStartDocument (x.w, NULL, "UTF-8", NULL) < 0)
    x.failed = TRUE;

  total = count_assets (store, options->section_id);
  header_children = write_header (&x, store, options->section_id);

  stmt = mamori_store_prepare (store, options->section_id == 0
                               ? "SELECT " XML_COLUMNS XML_JOINS " ORDER BY a.id"
                               : "SELECT " XML_COLUMNS XML_JOINS IN_SECTION " ORDER BY a.id",
                               error);
  if (stmt == NULL)
    goto out;
  if (options->section_id != 0)
    sqlite3_bind_int64 (stmt, 1, options->section_id);
  /* The first step opens the read transaction the registers' statements then share. */
  rc = sqlite3_step (stmt);
  if (!cursor_open (store, &access, access_sql, options->section_id, error) ||
      !cursor_open (store, &takeouts, takeouts_sql, options->section_id, error) ||
      !cursor_open (store, &disposals, disposals_sql, options->section_id, error))
    goto out;

  /* The header is written; the assets are serialised one by one. */
  if (!header_children && !x.failed && xmlTextWriterWriteRaw (x.w, BAD_CAST "\n") < 0)
    x.failed = TRUE;
  x.asset = asset;
  for (; rc == SQLITE_ROW && !x.failed; rc = sqlite3_step (stmt))
    {
      write_asset (&x, stmt, &access, &takeouts, &disposals);
      if (++n % 1024 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          if (n % 16384 == 0)
            progress (options->progress, options->progress_data, (double)n / MAX (total, 1),
                      _("Exporting the inventory"));
        }
    }
  if (x.failed)
    {
      xml_fail (&x, error);
      goto out;
    }
  if (rc != SQLITE_DONE || (access.rc != SQLITE_DONE && access.rc != SQLITE_ROW) ||
      (takeouts.rc != SQLITE_DONE && takeouts.rc != SQLITE_ROW) ||
      (disposals.rc != SQLITE_DONE && disposals.rc != SQLITE_ROW))
    {
      mamori_store_set_error (store, rc != SQLITE_DONE ? rc : SQLITE_ERROR, error);
      goto out;
    }

  x.asset_code = NULL;
  x.asset = NULL;
  x_end (&x);
  if (x.failed || xmlTextWriterEndDocument (x.w) < 0 || xmlTextWriterFlush (x.w) < 0 ||
      !xml_out_flush (&x))
    {
      xml_fail (&x, error);
      goto out;
    }
  ok = TRUE;
  if (stats != NULL)
    stats->assets = n;
  progress (options->progress, options->progress_data, 1.0, _("Exporting the inventory"));

out:
  cursor_close (&access);
  cursor_close (&takeouts);
  cursor_close (&disposals);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  xmlFreeTextWriter (x.w);
  g_clear_error (&x.io_error);
  g_clear_error (&x.text_error);
  return ok;
}

/**
 * mamori_inventory_export_file:
 * @path: the file to write
 * @overwrite: replace @path if it exists; otherwise an existing @path is an error
 *
 * Exports to a file the way a careful program saves: into a new file beside @path (readable by
 * its owner only: an inventory says where the sensitive things are), renamed to @path once
 * complete.  A failure or a cancellation leaves @path as it was.
 */
gboolean
mamori_inventory_export_file (MamoriStore                         *store,
                              const char                          *path,
                              MamoriInventoryFormat                format,
                              gboolean                             overwrite,
                              const MamoriInventoryExportOptions  *options,
                              MamoriInventoryExportStats          *stats,
                              GCancellable                        *cancellable,
                              GError                             **error)
{
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autoptr(GFile) parent = g_file_get_parent (target);
  g_autofree char *base = g_file_get_basename (target);
  g_autoptr(GFile) part = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  GError *local_error = NULL;
  gboolean ok;

  if (!overwrite && g_file_query_exists (target, cancellable))
    {
      g_set_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_EXISTS,
                   _("“%s” already exists."), path);
      return FALSE;
    }

  for (guint attempt = 0; stream == NULL; attempt++)
    {
      g_autofree char *name = g_strdup_printf (".%s.%08x.part", base, g_random_int ());

      g_clear_object (&part);
      part = parent ? g_file_get_child (parent, name) : g_file_new_for_path (name);
      stream = g_file_create (part, G_FILE_CREATE_PRIVATE, cancellable, &local_error);
      if (stream == NULL &&
          (attempt == 5 || !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS)))
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      g_clear_error (&local_error);
    }

  ok = format == MAMORI_INVENTORY_FORMAT_XML
       ? mamori_inventory_export_xml (store, G_OUTPUT_STREAM (stream), options, stats,
                                      cancellable, error)
       : mamori_inventory_export_csv (store, G_OUTPUT_STREAM (stream), options, stats,
                                      cancellable, error);
  /* Closed even after a failure; its own error matters only if all went well. */
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, ok ? error : NULL))
    ok = FALSE;
  if (ok)
    ok = g_file_move (part, target, overwrite ? G_FILE_COPY_OVERWRITE : G_FILE_COPY_NONE, NULL,
                      NULL, NULL, error);
  if (!ok)
    g_file_delete (part, NULL, NULL);
  return ok;
}

/* Reading an inventory XML file back: validation, as a stream --------------------------------- */

typedef struct
{
  char *message;
  int   line;
  int   domain;
} Collector;

static void
collect (void     *data,
         xmlError *error)
{
  Collector *c = data;

  if (c->message != NULL || error == NULL || error->level < XML_ERR_ERROR)
    return;
  c->message = g_strstrip (g_strdup (error->message ? error->message : "?"));
  g_strdelimit (c->message, "\r\n", ' ');
  c->line = error->line;
  c->domain = error->domain;
}

static xmlSchema *
inventory_schema (GError **error)
{
  static gsize done = 0;
  static xmlSchema *schema = NULL;
  static char *failure = NULL;

  if (g_once_init_enter (&done))
    {
      g_autoptr(GBytes) bytes = g_resources_lookup_data (MAMORI_INVENTORY_SCHEMA_RESOURCE,
                                                         G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      Collector c = { 0 };

      if (bytes != NULL)
        {
          xmlSchemaParserCtxt *ctxt = xmlSchemaNewMemParserCtxt (g_bytes_get_data (bytes, NULL),
                                                                 (int)g_bytes_get_size (bytes));

          xmlSchemaSetParserStructuredErrors (ctxt, (xmlStructuredErrorFunc)collect, &c);
          schema = xmlSchemaParse (ctxt);
          xmlSchemaFreeParserCtxt (ctxt);
        }
      if (schema == NULL)
        failure = g_strdup_printf ("schema %s does not load: %s",
                                   MAMORI_INVENTORY_SCHEMA_RESOURCE,
                                   c.message ? c.message : "missing");
      g_free (c.message);
      g_once_init_leave (&done, 1);
    }
  if (schema == NULL)
    g_set_error_literal (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_INVALID, failure);
  return schema;
}

/* Does the prolog (what comes before the root element) declare a DOCTYPE? */
static gboolean
has_doctype (const char *data,
             gsize       len)
{
  const char *p = data, *end = data + len;

  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end)
    {
      const char *close;

      if (g_ascii_isspace (*p))
        p++;
      else if (end - p >= 4 && memcmp (p, "<!--", 4) == 0 &&
               (close = g_strstr_len (p + 4, end - p - 4, "-->")) != NULL)
        p = close + 3;
      else if (end - p >= 2 && memcmp (p, "<?", 2) == 0 &&
               (close = g_strstr_len (p + 2, end - p - 2, "?>")) != NULL)
        p = close + 2;
      else
        return end - p >= 9 && g_ascii_strncasecmp (p, "<!DOCTYPE", 9) == 0;
    }
  return FALSE;
}

/**
 * mamori_inventory_validate_xml_file:
 * @n_assets: (out) (optional): how many assets the file holds
 *
 * Checks an inventory XML file against mamori-inventory-1.xsd as a stream, whatever its size:
 * no DOCTYPE, no network, well-formed, valid.  The error names the file and the line.
 */
gboolean
mamori_inventory_validate_xml_file (const char    *path,
                                    gint64        *n_assets,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *head = NULL;
  Collector c = { 0 };
  xmlTextReader *reader;
  xmlSchema *schema;
  gsize head_len = 0;
  gint64 n = 0;
  gboolean ok = FALSE;
  int rc;

  schema = inventory_schema (error);
  if (schema == NULL)
    return FALSE;

  /* Refuse a DOCTYPE before the parser reads its internal subset. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFileInputStream) in = g_file_read (file, cancellable, error);

    if (in == NULL)
      return FALSE;
    head = g_malloc (65536);
    if (!g_input_stream_read_all (G_INPUT_STREAM (in), head, 65536, &head_len, cancellable,
                                  error))
      return FALSE;
    if (head_len == 0)
      {
        g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_MALFORMED,
                     _("“%s” is empty."), name);
        return FALSE;
      }
    if (has_doctype (head, head_len))
      {
        g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNSAFE,
                     _("“%s” contains a document type declaration (DOCTYPE). Mamori refuses "
                       "such files because they can make a reader fetch or expand content."),
                     name);
        return FALSE;
      }
  }

  reader = xmlReaderForFile (path, NULL, XML_PARSE_NONET);
  if (reader == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("“%s” cannot be read."), name);
      return FALSE;
    }
  xmlTextReaderSetStructuredErrorHandler (reader, (xmlStructuredErrorFunc)collect, &c);
  if (xmlTextReaderSetSchema (reader, schema) != 0)
    {
      xmlFreeTextReader (reader);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("“%s” cannot be read."), name);
      return FALSE;
    }

  while ((rc = xmlTextReaderRead (reader)) == 1)
    {
      int type = xmlTextReaderNodeType (reader);

      if (type == XML_READER_TYPE_DOCUMENT_TYPE)
        {
          g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNSAFE,
                       _("“%s” contains a document type declaration (DOCTYPE). Mamori refuses "
                         "such files because they can make a reader fetch or expand content."),
                       name);
          goto out;
        }
      if (type == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth (reader) == 1 &&
          g_strcmp0 ((const char *)xmlTextReaderConstLocalName (reader), "asset") == 0 &&
          ++n % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (c.message != NULL)
        break;
    }

  if (rc != 0 || c.message != NULL || xmlTextReaderIsValid (reader) != 1)
    {
      g_autoptr(GRegex) ns = g_regex_new ("\\{[^}]*\\}", 0, 0, NULL);
      g_autofree char *message = c.message
        ? g_regex_replace_literal (ns, c.message, -1, 0, "", 0, NULL) : NULL;

      if (c.domain == XML_FROM_SCHEMASV || (c.message == NULL && rc == 0))
        g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_INVALID,
                     _("“%s” does not follow its schema (line %d): %s"), name, c.line,
                     message ? message : _("invalid"));
      else
        g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_MALFORMED,
                     _("“%s” is not well-formed XML (line %d): %s"), name, c.line,
                     message ? message : _("unreadable"));
      goto out;
    }
  ok = TRUE;
  if (n_assets != NULL)
    *n_assets = n;

out:
  xmlFreeTextReader (reader);
  g_free (c.message);
  return ok;
}

/* Import ---------------------------------------------------------------------------------------- */

void
mamori_inventory_import_options_init (MamoriInventoryImportOptions *options)
{
  memset (options, 0, sizeof *options);
  options->encoding = MAMORI_CSV_ENCODING_AUTO;
}

void
mamori_inventory_problem_free (MamoriInventoryProblem *p)
{
  if (p == NULL)
    return;
  g_free (p->column);
  g_free (p->field);
  g_free (p->message);
  g_free (p);
}

void
mamori_inventory_import_report_free (MamoriInventoryImportReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}

typedef struct
{
  char     *code;
  char     *folded_code;
  char     *folded_name;
  int       rank;
  gboolean  requires_criterion;
  GStrv     criteria;
} ClassInfo;

static void
class_info_free (ClassInfo *c)
{
  g_free (c->code);
  g_free (c->folded_code);
  g_free (c->folded_name);
  g_strfreev (c->criteria);
  g_free (c);
}

typedef enum
{
  ROW_REJECTED,
  ROW_ADD,
  ROW_UPDATE,
  ROW_UNCHANGED,
} RowOutcome;

typedef struct
{
  MamoriStore                         *store;
  const MamoriInventoryImportOptions  *options;
  GCancellable                        *cancellable;
  MamoriInventoryImportReport         *report;

  int                                  columns[MAMORI_INVENTORY_N_FIELDS];
  GStrv                                headers;    /* NULL without a header */
  guint                                n_columns;

  GHashTable                          *section_codes;    /* code → gint64* */
  GHashTable                          *section_names;    /* name → gint64*, 0 if several */
  GHashTable                          *section_numbers;  /* code without leading zeros */
  GPtrArray                           *classes;
  GHashTable                          *kinds;            /* the ledger's word → kind */
  GHashTable                          *areas;            /* managed area's code → gint64* */

  gboolean                             writing;          /* not a dry run */
  gboolean                             bulk;             /* indexes left for the end */
  guint64                              file_size;
  guint64                              file_lines;       /* line breaks, when writing */

  /* The row being converted. */
  guint64                              line;
  GPtrArray                           *problems;
  gboolean                             failed[MAMORI_INVENTORY_N_FIELDS];
  char                                *pending_original; /* not seen yet in the file */
  char                                *forward_original; /* not written yet */
  gint64                               counts[ROW_UNCHANGED + 1];
} Import;

static void
import_clear (Import *im)
{
  g_clear_pointer (&im->headers, g_strfreev);
  g_clear_pointer (&im->section_codes, g_hash_table_unref);
  g_clear_pointer (&im->section_names, g_hash_table_unref);
  g_clear_pointer (&im->section_numbers, g_hash_table_unref);
  g_clear_pointer (&im->classes, g_ptr_array_unref);
  g_clear_pointer (&im->kinds, g_hash_table_unref);
  g_clear_pointer (&im->areas, g_hash_table_unref);
  g_clear_pointer (&im->problems, g_ptr_array_unref);
  g_clear_pointer (&im->pending_original, g_free);
  g_clear_pointer (&im->forward_original, g_free);
}

static gint64 *
new_id (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

/* Remembers @key → @id, or that @key is ambiguous (0) if another section has it too. */
static void
index_section (GHashTable *table,
               const char *key,
               gint64      id)
{
  gint64 *known = g_hash_table_lookup (table, key);

  if (known != NULL)
    *known = 0;
  else
    g_hash_table_insert (table, g_strdup (key), new_id (id));
}

static char *
strip_zeros (const char *code)
{
  const char *p = code;

  for (const char *q = code; *q; q++)
    if (!g_ascii_isdigit (*q))
      return NULL;
  while (*p == '0' && p[1] != '\0')
    p++;
  return *code ? g_strdup (p) : NULL;
}

static gboolean
load_sections (Import  *im,
               GError **error)
{
  sqlite3_stmt *stmt = mamori_store_prepare (im->store, "SELECT id, code, name FROM sections",
                                             error);

  if (stmt == NULL)
    return FALSE;
  im->section_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im->section_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im->section_numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *code = mamori_column_text (stmt, 1);
      g_autofree char *number = strip_zeros (code);

      g_hash_table_insert (im->section_codes, g_strdup (code), new_id (id));
      index_section (im->section_names, mamori_column_text (stmt, 2), id);
      if (number != NULL)
        index_section (im->section_numbers, number, id);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
load_classes (Import  *im,
              GError **error)
{
  sqlite3_stmt *stmt;

  im->classes = g_ptr_array_new_with_free_func ((GDestroyNotify)class_info_free);
  stmt = mamori_store_prepare (im->store,
                               "SELECT c.code, c.name, c.rank, c.requires_criterion, "
                               "(SELECT group_concat (code, char (31)) FROM (SELECT k.code "
                               " FROM classification_criteria AS k WHERE k.standard_id = "
                               " c.standard_id AND k.class_code = c.code ORDER BY k.ordinal)) "
                               "FROM classification_classes AS c JOIN standards AS s "
                               "ON s.id = c.standard_id WHERE s.active = 1 ORDER BY c.rank",
                               error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ClassInfo *c = g_new0 (ClassInfo, 1);
      const char *criteria = mamori_column_text (stmt, 4);

      c->code = g_strdup (mamori_column_text (stmt, 0));
      c->folded_code = fold_word (c->code);
      c->folded_name = fold_word (mamori_column_text (stmt, 1));
      c->rank = sqlite3_column_int (stmt, 2);
      c->requires_criterion = sqlite3_column_int (stmt, 3);
      c->criteria = criteria ? g_strsplit (criteria, "\x1f", -1) : g_new0 (char *, 1);
      g_ptr_array_add (im->classes, c);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Problems of the row ------------------------------------------------------------------------ */

static char *
column_label (Import               *im,
              MamoriInventoryField  field)
{
  int c = im->columns[field];

  if (c < 0)
    return g_strdup (fields[field].header);
  if (im->headers != NULL && !mamori_text_is_blank (im->headers[c]))
    return g_strdup (im->headers[c]);
  return g_strdup_printf ("%d", c + 1);
}

static void
row_problem (Import               *im,
             MamoriInventoryField  field,
             char                 *message)
{
  MamoriInventoryProblem *p = g_new0 (MamoriInventoryProblem, 1);

  p->line = im->line;
  p->column = column_label (im, field);
  p->field = g_strdup (fields[field].id);
  p->message = message;
  g_ptr_array_add (im->problems, p);
  im->failed[field] = TRUE;
}

/* Keeps the row's problems in the report, up to its limit. */
static void
report_problems (Import *im)
{
  for (guint i = 0; i < im->problems->len; i++)
    {
      if (im->report->problems->len < MAMORI_INVENTORY_MAX_PROBLEMS)
        g_ptr_array_add (im->report->problems, g_ptr_array_steal_index (im->problems, i--));
      else
        im->report->problems_omitted++;
    }
  g_ptr_array_set_size (im->problems, 0);
}

/* Values ---------------------------------------------------------------------------------------- */

/* The cell of @field in the current row, or NULL if the mapping takes the field from nowhere. */
static const char *
cell (Import               *im,
      MamoriCsvReader      *reader,
      MamoriInventoryField  field)
{
  if (im->columns[field] < 0)
    return NULL;
  return mamori_csv_reader_get_field (reader, im->columns[field]);
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar)*p >= 0x80)
      return FALSE;
  return TRUE;
}

static char *
trimmed (const char *text)
{
  g_autofree char *nfkc = NULL;

  /* NFKC so that full-width digits and letters of codes compare as people mean them (ASCII
   * is its own NFKC: most codes and dates). */
  if (is_ascii (text))
    return mamori_text_strip_dup (text);
  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  return mamori_text_strip_dup (nfkc ? nfkc : text);
}

static gboolean
check_controls (Import               *im,
                MamoriInventoryField  field,
                const char           *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar)*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
      {
        row_problem (im, field, g_strdup_printf (_("The value holds a control character "
                                                   "(U+%04X), which the inventory cannot "
                                                   "keep."), (guint)(guchar)*p));
        return FALSE;
      }
  return TRUE;
}

typedef enum
{
  SECTION_FOUND,
  SECTION_UNKNOWN,
  SECTION_AMBIGUOUS,
} SectionMatch;

static SectionMatch
find_section (Import     *im,
              const char *value,
              gint64     *id)
{
  g_autofree char *key = trimmed (value);
  g_autofree char *number = strip_zeros (key);
  gint64 *found;

  if ((found = g_hash_table_lookup (im->section_codes, key)) == NULL &&
      (found = g_hash_table_lookup (im->section_names, key)) == NULL &&
      /* Excel drops the leading zeros of a code such as 010100 when it opens the file. */
      (number == NULL || (found = g_hash_table_lookup (im->section_numbers, number)) == NULL))
    return SECTION_UNKNOWN;
  if (*found == 0)
    return SECTION_AMBIGUOUS;
  *id = *found;
  return SECTION_FOUND;
}

/* The managed areas, by code as written and in its NFKC form (全角 digits typed in Excel). */
static gboolean
load_areas (Import  *im,
            GError **error)
{
  sqlite3_stmt *stmt = mamori_store_prepare (im->store, "SELECT id, code FROM areas", error);

  if (stmt == NULL)
    return FALSE;
  im->areas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (im->areas, g_utf8_normalize (mamori_column_text (stmt, 1), -1,
                                                      G_NORMALIZE_NFKC),
                         new_id (sqlite3_column_int64 (stmt, 0)));
  sqlite3_reset (stmt);
  return TRUE;
}

/* The managed area an asset is kept in, by its code; empty: none. */
static void
convert_area (Import     *im,
              const char *value,
              gint64     *id)
{
  g_autofree char *stripped = mamori_text_strip_dup (value);
  g_autofree char *key = g_utf8_normalize (stripped, -1, G_NORMALIZE_NFKC);
  const gint64 *found;

  if (key == NULL || *key == '\0')
    {
      *id = 0;
      return;
    }
  found = g_hash_table_lookup (im->areas, key);
  if (found != NULL)
    *id = *found;
  else
    row_problem (im, MAMORI_INVENTORY_FIELD_AREA_CODE,
                 g_strdup_printf (_("No managed area has the code “%s”."), stripped));
}

/* Sets *id from a section column; returns FALSE (with the problem noted) if it names none. */
static gboolean
convert_section (Import               *im,
                 MamoriInventoryField  field,
                 const char           *value,
                 gint64               *id)
{
  g_autofree char *key = mamori_text_strip_dup (value);

  if (*key == '\0')
    {
      *id = 0;
      return TRUE;
    }
  switch (find_section (im, key, id))
    {
    case SECTION_FOUND:
      return TRUE;
    case SECTION_AMBIGUOUS:
      row_problem (im, field, g_strdup_printf (_("Several sections are called “%s”: write the "
                                                 "section’s code instead."), key));
      return FALSE;
    case SECTION_UNKNOWN:
    default:
      row_problem (im, field, g_strdup_printf (_("No section has the code or the name “%s”."),
                                               key));
      return FALSE;
    }
}

static int
numeral_value (const char *folded)
{
  static const char *const romans[] = { "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix",
                                        "x", NULL };
  gboolean digits = *folded != '\0';

  for (guint i = 0; romans[i]; i++)
    if (g_str_equal (folded, romans[i]))
      return i + 1;
  for (const char *p = folded; *p; p++)
    digits = digits && g_ascii_isdigit (*p);
  return digits && strlen (folded) < 3 ? atoi (folded) : 0;
}

/* A class as a ledger writes it: the standard's code (I), its name (重要性分類Ⅰ), or the
 * numeral of its rank (Ⅰ, I, 1 for the class of rank 1). */
static const ClassInfo *
find_class (Import     *im,
            const char *value)
{
  g_autofree char *folded = fold_word (value);
  int rank;

  for (guint i = 0; i < im->classes->len; i++)
    {
      const ClassInfo *c = g_ptr_array_index (im->classes, i);

      if (g_str_equal (value, c->code))
        return c;
    }
  for (guint i = 0; i < im->classes->len; i++)
    {
      const ClassInfo *c = g_ptr_array_index (im->classes, i);

      if (g_str_equal (folded, c->folded_code) || g_str_equal (folded, c->folded_name))
        return c;
    }
  rank = numeral_value (folded);
  for (guint i = 0; rank > 0 && i < im->classes->len; i++)
    {
      const ClassInfo *c = g_ptr_array_index (im->classes, i);

      if (c->rank == rank)
        return c;
    }
  return NULL;
}

static char *
class_list (Import *im)
{
  GString *s = g_string_new (NULL);
  sqlite3_stmt *stmt = mamori_store_prepare (im->store,
                                             "SELECT c.code, c.name FROM classification_classes "
                                             "AS c JOIN standards AS s ON s.id = c.standard_id "
                                             "WHERE s.active = 1 ORDER BY c.rank", NULL);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (s, "%s%s (%s)", s->len ? ", " : "", mamori_column_text (stmt, 0),
                            mamori_column_text (stmt, 1));
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return g_string_free (s, FALSE);
}

static gboolean
is_criteria_separator (gunichar c)
{
  return c == ',' || c == 0x3001 /* 、 */ || c == 0x30FB /* ・ */ || c == '/' || c == ';' ||
         c == 0xFF0F || c == 0xFF1B || g_unichar_isspace (c);
}

/* Splits a run of criterion codes written without separators (アイ) into the codes of @codes,
 * longest first.  Returns FALSE if the run is not such a sequence. */
static gboolean
segment_criteria (const char        *run,
                  const char *const *codes,
                  GPtrArray         *out)
{
  const char *p = run;

  while (*p)
    {
      gsize best = 0;

      for (guint i = 0; codes && codes[i]; i++)
        {
          gsize len = strlen (codes[i]);

          if (len > best && strncmp (p, codes[i], len) == 0)
            best = len;
        }
      if (best == 0)
        return FALSE;
      g_ptr_array_add (out, g_strndup (p, best));
      p += best;
    }
  return TRUE;
}

/* Criteria as ledgers write them — ア,イ  アイ  ア・イ  ア、イ — as Mamori keeps them: ア,イ. */
static char *
normalise_criteria (Import          *im,
                    const char      *value,
                    const ClassInfo *cls)
{
  g_autofree char *nfkc = g_utf8_normalize (value, -1, G_NORMALIZE_NFKC);
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GString) token = g_string_new (NULL);
  GString *joined = g_string_new (NULL);
  const char *const *codes;

  for (const char *p = nfkc; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0 || is_criteria_separator (c))
        {
          if (token->len > 0)
            g_ptr_array_add (tokens, g_strdup (token->str));
          g_string_truncate (token, 0);
          if (c == 0)
            break;
        }
      else
        g_string_append_unichar (token, c);
    }

  /* The codes a run may be made of: the class's, or every class's if it is unknown. */
  if (cls != NULL)
    codes = (const char *const *)cls->criteria;
  else
    {
      for (guint i = 0; i < im->classes->len; i++)
        {
          ClassInfo *c = g_ptr_array_index (im->classes, i);

          for (guint k = 0; c->criteria[k]; k++)
            g_ptr_array_add (all, c->criteria[k]);
        }
      g_ptr_array_add (all, NULL);
      codes = (const char *const *)all->pdata;
    }

  for (guint i = 0; i < tokens->len; i++)
    {
      const char *t = g_ptr_array_index (tokens, i);
      g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

      if ((codes && g_strv_contains (codes, t)) || !segment_criteria (t, codes, parts))
        {
          g_ptr_array_set_size (parts, 0);
          g_ptr_array_add (parts, g_strdup (t));
        }
      for (guint k = 0; k < parts->len; k++)
        {
          g_autofree char *needle = g_strdup_printf (",%s,", (char *)g_ptr_array_index (parts, k));
          g_autofree char *hay = g_strdup_printf (",%s,", joined->str);

          if (strstr (hay, needle) == NULL)
            g_string_append_printf (joined, "%s%s", joined->len ? "," : "",
                                    (char *)g_ptr_array_index (parts, k));
        }
    }
  return g_string_free (joined, FALSE);
}

static const char *
find_kind (Import     *im,
           const char *value)
{
  const char *kind = g_hash_table_lookup (im->kinds, value);

  if (kind != NULL)
    return kind;
  kind = lookup_word ('k', value);
  if (kind == NULL)
    kind = mamori_asset_kind_from_label (value);
  /* A ledger uses a handful of words: remember them (a bounded number). */
  if (kind != NULL && g_hash_table_size (im->kinds) < 256)
    g_hash_table_insert (im->kinds, g_strdup (value), (gpointer)kind);
  return kind;
}

static char *
kind_list (void)
{
  GString *s = g_string_new (NULL);
  char *buffer = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kind_words); i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", first_word (kind_words[i].words, &buffer));
  g_free (buffer);
  return g_string_free (s, FALSE);
}

static gboolean
convert_tristate (Import               *im,
                  MamoriInventoryField  field,
                  const char           *value,
                  MamoriTristate       *out)
{
  const char *meaning = mamori_text_is_blank (value) ? "unknown" : lookup_word ('b', value);

  if (g_strcmp0 (meaning, "unknown") == 0)
    *out = MAMORI_UNKNOWN;
  else if (g_strcmp0 (meaning, "yes") == 0)
    *out = MAMORI_YES;
  else if (g_strcmp0 (meaning, "no") == 0)
    *out = MAMORI_NO;
  else
    {
      row_problem (im, field, g_strdup_printf (_("“%s” is not yes or no: write はい or いいえ, "
                                                 "or leave it empty if it is not known."),
                                               value));
      return FALSE;
    }
  return TRUE;
}

static gboolean
convert_date (Import               *im,
              MamoriInventoryField  field,
              const char           *value,
              char                **out)
{
  g_autofree char *key = mamori_text_strip_dup (value);

  g_clear_pointer (out, g_free);
  if (*key == '\0')
    return TRUE;
  if (!mamori_inventory_parse_date (key, out))
    {
      row_problem (im, field, g_strdup_printf (_("“%s” is not a date: write it as 2026-04-01, "
                                                 "2026/4/1 or 令和8年4月1日."), key));
      return FALSE;
    }
  return TRUE;
}

static void
set_text (char       **slot,
          const char  *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

/* Resolves the original of a copy, by its code.  An original that comes later in the file is
 * accepted (checked once the whole file is read) and, when writing, set once every row is
 * written. */
static void
convert_original (Import            *im,
                  const char        *value,
                  MamoriAssetRecord *r)
{
  g_autofree char *code = trimmed (value);
  sqlite3_stmt *stmt;
  gboolean seen = FALSE;

  r->original_id = 0;
  if (*code == '\0')
    return;
  if (g_strcmp0 (code, r->code) == 0)
    {
      row_problem (im, MAMORI_INVENTORY_FIELD_ORIGINAL_CODE,
                   g_strdup (_("An asset cannot be a copy of itself.")));
      return;
    }
  r->original_id = mamori_asset_find_by_code (im->store, code);
  if (r->original_id != 0)
    return;
  if (im->writing)
    set_text (&im->forward_original, code);
  stmt = mamori_store_prepare (im->store, "SELECT 1 FROM temp.mamori_import_codes WHERE "
                                          "code = ?", NULL);
  if (stmt != NULL)
    {
      mamori_bind_text (stmt, 1, code);
      seen = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
    }
  if (!seen)
    set_text (&im->pending_original, code);
}

static void
convert_class_and_criteria (Import            *im,
                            MamoriCsvReader   *reader,
                            MamoriAssetRecord *r)
{
  const char *value = cell (im, reader, MAMORI_INVENTORY_FIELD_CLASS);
  const ClassInfo *cls = NULL;

  if (value != NULL)
    {
      g_autofree char *key = trimmed (value);

      g_clear_pointer (&r->class_code, g_free);
      if (*key != '\0' && (cls = find_class (im, key)) == NULL)
        {
          g_autofree char *list = class_list (im);
          g_autofree char *as_written = mamori_text_strip_dup (value);

          row_problem (im, MAMORI_INVENTORY_FIELD_CLASS,
                       g_strdup_printf (_("“%s” is not a class of the standard in force (%s)."),
                                        as_written, list));
        }
      else if (cls != NULL)
        r->class_code = g_strdup (cls->code);
    }
  else if (r->class_code != NULL)
    cls = find_class (im, r->class_code);

  value = cell (im, reader, MAMORI_INVENTORY_FIELD_CRITERIA);
  if (value != NULL)
    {
      g_free (r->criteria);
      r->criteria = normalise_criteria (im, value, cls);
    }
}

static void
convert_cells (Import            *im,
               MamoriCsvReader   *reader,
               MamoriAssetRecord *r,
               gboolean           existing)
{
  const char *value;

  for (guint f = 0; f < MAMORI_INVENTORY_N_FIELDS; f++)
    if ((value = cell (im, reader, f)) != NULL)
      check_controls (im, f, value);

#define TEXT_FIELD(field, member) \
  if ((value = cell (im, reader, field)) != NULL && !im->failed[field]) \
    set_text (&r->member, value)

  TEXT_FIELD (MAMORI_INVENTORY_FIELD_NAME, name);
  TEXT_FIELD (MAMORI_INVENTORY_FIELD_DESCRIPTION, description);
  TEXT_FIELD (MAMORI_INVENTORY_FIELD_CIA_NOTE, cia_note);
  TEXT_FIELD (MAMORI_INVENTORY_FIELD_MEDIUM, medium);
  TEXT_FIELD (MAMORI_INVENTORY_FIELD_STORAGE_PLACE, storage_place);
  TEXT_FIELD (MAMORI_INVENTORY_FIELD_MARKING, marking);
#undef TEXT_FIELD

  if ((value = cell (im, reader, MAMORI_INVENTORY_FIELD_KIND)) != NULL)
    {
      g_autofree char *key = trimmed (value);
      const char *kind = *key ? find_kind (im, key) : NULL;

      set_text (&r->kind, kind);
      if (*key != '\0' && kind == NULL)
        {
          g_autofree char *list = kind_list ();
          g_autofree char *as_written = mamori_text_strip_dup (value);

          row_problem (im, MAMORI_INVENTORY_FIELD_KIND,
                       g_strdup_printf (_("“%s” is not a kind of asset: write one of %s."),
                                        as_written, list));
        }
    }

  /* The creating section: by the code column if it says something, else by the name. */
  {
    const char *by_code = cell (im, reader, MAMORI_INVENTORY_FIELD_OWNER_SECTION_CODE);
    const char *by_name = cell (im, reader, MAMORI_INVENTORY_FIELD_OWNER_SECTION);

    if (by_code != NULL && (!mamori_text_is_blank (by_code) || by_name == NULL))
      convert_section (im, MAMORI_INVENTORY_FIELD_OWNER_SECTION_CODE, by_code,
                       &r->owner_section_id);
    else if (by_name != NULL)
      convert_section (im, MAMORI_INVENTORY_FIELD_OWNER_SECTION, by_name, &r->owner_section_id);
  }
  if ((value = cell (im, reader, MAMORI_INVENTORY_FIELD_HOLDING_SECTION_CODE)) != NULL)
    convert_section (im, MAMORI_INVENTORY_FIELD_HOLDING_SECTION_CODE, value,
                     &r->holding_section_id);
  if ((value = cell (im, reader, MAMORI_INVENTORY_FIELD_ORIGINAL_CODE)) != NULL)
    convert_original (im, value, r);

  convert_class_and_criteria (im, reader, r);

  if ((value = cell (im, reader, MAMORI_INVENTORY_FIELD_AREA_CODE)) != NULL)
    convert_area (im, value, &r->area_id);
  if ((value = cell (im, reader, MAMORI_INVENTORY_FIELD_LOCKABLE)) != NULL)
    convert_tristate (im, MAMORI_INVENTORY_FIELD_LOCKABLE, value, &r->lockable);
  if ((value = cell (im, reader, MAMORI_INVENTORY_FIELD_FINALISED)) != NULL)
    convert_tristate (im, MAMORI_INVENTORY_FIELD_FINALISED, value, &r->finalised);
  if ((value = cell (im, reader, MAMORI_INVENTORY_FIELD_WRITE_PROTECTED)) != NULL)
    convert_tristate (im, MAMORI_INVENTORY_FIELD_WRITE_PROTECTED, value, &r->write_protected);

  if ((value = cell (im, reader, MAMORI_INVENTORY_FIELD_BACKUP_CYCLE_DAYS)) != NULL)
    {
      g_autofree char *key = trimmed (value);
      guint64 days = 0;

      if (*key == '\0')
        r->backup_cycle_days = 0;
      else if (g_ascii_string_to_unsigned (key, 10, 1, 3660, &days, NULL))
        r->backup_cycle_days = (int)days;
      else
        {
          g_autofree char *as_written = mamori_text_strip_dup (value);

          row_problem (im, MAMORI_INVENTORY_FIELD_BACKUP_CYCLE_DAYS,
                       g_strdup_printf (_("“%s” is not a number of days between 1 and 3660."),
                                        as_written));
        }
    }
  if ((value = cell (im, reader, MAMORI_INVENTORY_FIELD_LAST_BACKUP_ON)) != NULL)
    convert_date (im, MAMORI_INVENTORY_FIELD_LAST_BACKUP_ON, value, &r->last_backup_on);
  /* An empty registration date keeps the one recorded, or is today for a new asset. */
  if ((value = cell (im, reader, MAMORI_INVENTORY_FIELD_REGISTERED_ON)) != NULL &&
      !(existing && mamori_text_is_blank (value)))
    convert_date (im, MAMORI_INVENTORY_FIELD_REGISTERED_ON, value, &r->registered_on);

  if ((value = cell (im, reader, MAMORI_INVENTORY_FIELD_STATUS)) != NULL)
    {
      const char *status = mamori_text_is_blank (value) ? NULL : lookup_word ('s', value);

      if (status != NULL)
        set_text (&r->status, status);
      else if (!mamori_text_is_blank (value))
        row_problem (im, MAMORI_INVENTORY_FIELD_STATUS,
                     g_strdup_printf (_("“%s” is not a status: write 使用中 or 廃棄済み."), value));
    }
  if (r->status == NULL)
    r->status = g_strdup ("active");
}

/* The column of a problem mamori_asset_validate() names by the record's field. */
static MamoriInventoryField
problem_field (Import     *im,
               const char *name)
{
  static const struct { const char *record; MamoriInventoryField field; } map[] = {
    { "owner_section_id", MAMORI_INVENTORY_FIELD_OWNER_SECTION_CODE },
    { "holding_section_id", MAMORI_INVENTORY_FIELD_HOLDING_SECTION_CODE },
    { "original_id", MAMORI_INVENTORY_FIELD_ORIGINAL_CODE },
    { "class_code", MAMORI_INVENTORY_FIELD_CLASS },
  };
  MamoriInventoryField field = MAMORI_INVENTORY_FIELD_CODE;

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (name, map[i].record) == 0)
      field = map[i].field;
  if (field == MAMORI_INVENTORY_FIELD_CODE)
    mamori_inventory_field_from_id (name, &field);
  if (field == MAMORI_INVENTORY_FIELD_OWNER_SECTION_CODE &&
      im->columns[MAMORI_INVENTORY_FIELD_OWNER_SECTION_CODE] < 0 &&
      im->columns[MAMORI_INVENTORY_FIELD_OWNER_SECTION] >= 0)
    field = MAMORI_INVENTORY_FIELD_OWNER_SECTION;
  return field;
}

static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a ? a : "", b ? b : "") == 0;
}

static gboolean
records_equal (const MamoriAssetRecord *a,
               const MamoriAssetRecord *b)
{
  return same_text (a->code, b->code) && same_text (a->name, b->name) &&
         same_text (a->description, b->description) && same_text (a->kind, b->kind) &&
         a->owner_section_id == b->owner_section_id &&
         a->holding_section_id == b->holding_section_id && a->original_id == b->original_id &&
         same_text (a->class_code, b->class_code) && same_text (a->criteria, b->criteria) &&
         same_text (a->cia_note, b->cia_note) && same_text (a->medium, b->medium) &&
         same_text (a->storage_place, b->storage_place) && a->lockable == b->lockable &&
         a->finalised == b->finalised && a->write_protected == b->write_protected &&
         same_text (a->marking, b->marking) && a->backup_cycle_days == b->backup_cycle_days &&
         same_text (a->last_backup_on, b->last_backup_on) && same_text (a->status, b->status) &&
         same_text (a->registered_on, b->registered_on) && a->area_id == b->area_id;
}

/* Refuses a code the file already used; remembers it otherwise (first pass). */
static gboolean
note_code (Import     *im,
           const char *code)
{
  sqlite3 *db = mamori_store_get_db (im->store);
  sqlite3_stmt *stmt;
  guint64 first = 0;

  stmt = mamori_store_prepare (im->store, "INSERT INTO temp.mamori_import_codes (code, line) "
                                          "VALUES (?1, ?2) ON CONFLICT (code) DO NOTHING", NULL);
  if (stmt == NULL)
    return TRUE;
  mamori_bind_text (stmt, 1, code);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64)im->line);
  if (!mamori_store_step_done (im->store, stmt, NULL) || sqlite3_changes (db) == 1)
    return TRUE;

  stmt = mamori_store_prepare (im->store, "SELECT line FROM temp.mamori_import_codes WHERE "
                                          "code = ?", NULL);
  if (stmt != NULL)
    {
      mamori_bind_text (stmt, 1, code);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        first = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  row_problem (im, MAMORI_INVENTORY_FIELD_CODE,
               g_strdup_printf (_("The code “%s” is already used on line %llu"
                                  " of this file."), code, (unsigned long long)first));
  return FALSE;
}

/* Converts and checks the current row.  For ROW_ADD and ROW_UPDATE, *out is the asset as it
 * should be; the row's problems are in im->problems. */
static RowOutcome
convert_row (Import             *im,
             MamoriCsvReader    *reader,
             MamoriAssetRecord **out)
{
  g_autoptr(MamoriAssetRecord) current = NULL;
  g_autoptr(MamoriAssetRecord) r = NULL;
  g_autofree char *code = NULL;
  gint64 id;

  memset (im->failed, 0, sizeof im->failed);
  g_clear_pointer (&im->pending_original, g_free);
  g_clear_pointer (&im->forward_original, g_free);
  im->line = mamori_csv_reader_get_line (reader);

  if (mamori_csv_reader_get_n_fields (reader) != im->n_columns)
    {
      guint n = mamori_csv_reader_get_n_fields (reader);

      /* A problem of the whole row: no column to name. */
      row_problem (im, MAMORI_INVENTORY_FIELD_CODE, im->headers != NULL
                   ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "The row has %u column where the header has "
                                                   "%u; a comma may be missing or too many.",
                                                   "The row has %u columns where the header has "
                                                   "%u; a comma may be missing or too many.",
                                                   n), n, im->n_columns)
                   : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "The row has %u column where the first row "
                                                   "has %u; a comma may be missing or too many.",
                                                   "The row has %u columns where the first row "
                                                   "has %u; a comma may be missing or too many.",
                                                   n), n, im->n_columns));
      set_text (&((MamoriInventoryProblem *)g_ptr_array_index (im->problems,
                                                               im->problems->len - 1))->column,
                "");
      return ROW_REJECTED;
    }

  code = trimmed (cell (im, reader, MAMORI_INVENTORY_FIELD_CODE));
  if (*code == '\0')
    {
      row_problem (im, MAMORI_INVENTORY_FIELD_CODE, g_strdup (_("The asset needs a code.")));
      return ROW_REJECTED;
    }
  if (!note_code (im, code))
    return ROW_REJECTED;

  id = mamori_asset_find_by_code (im->store, code);
  if (id != 0)
    {
      GError *error = NULL;

      current = mamori_asset_load (im->store, id, &error);
      if (current == NULL)
        {
          row_problem (im, MAMORI_INVENTORY_FIELD_CODE, g_strdup (error->message));
          g_error_free (error);
          return ROW_REJECTED;
        }
      r = mamori_asset_record_copy (current);
    }
  else
    {
      r = mamori_asset_record_new ();
      r->code = g_strdup (code);
    }

  convert_cells (im, reader, r, current != NULL);

  /* The record's own checks, for the fields whose value could be read. */
  {
    g_autoptr(GPtrArray) problems = mamori_asset_validate (im->store, r);

    for (guint i = 0; i < problems->len; i++)
      {
        MamoriFieldProblem *p = g_ptr_array_index (problems, i);
        MamoriInventoryField field = problem_field (im, p->field);

        if (!im->failed[field])
          row_problem (im, field, g_strdup (p->message));
      }
  }

  if (current != NULL && g_strcmp0 (current->status, "disposed") == 0 &&
      !records_equal (current, r))
    row_problem (im, MAMORI_INVENTORY_FIELD_CODE,
                 g_strdup_printf (_("“%s” was disposed of: its record is kept as it was and "
                                    "cannot be changed."), code));
  else if (current != NULL && g_strcmp0 (r->status, current->status) != 0)
    row_problem (im, MAMORI_INVENTORY_FIELD_STATUS,
                 g_strdup (_("An import does not dispose of an asset: record its disposal, with "
                             "the approval and the erasure, in the inventory.")));

  if (im->problems->len > 0)
    return ROW_REJECTED;
  if (current != NULL && records_equal (current, r))
    return ROW_UNCHANGED;
  *out = g_steal_pointer (&r);
  return current != NULL ? ROW_UPDATE : ROW_ADD;
}

/* Reading the file --------------------------------------------------------------------------- */

static GStrv
record_fields (MamoriCsvReader *reader)
{
  guint n = mamori_csv_reader_get_n_fields (reader);
  GStrv v = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    v[i] = g_strdup (mamori_csv_reader_get_field (reader, i));
  return v;
}

/* Reads the file's head: its header, and the columns of each field.  A ledger may have a title
 * and blank rows above its header: with the default recognition of the code's column, the
 * first of the first ten rows that has one is the header.  Without a header, the reader is
 * left on the first data row (*have_row). */
static gboolean
read_head (MamoriCsvReader               *reader,
           const MamoriInventoryMapping  *mapping,
           GStrv                         *headers,
           guint                         *n_columns,
           int                           *columns,
           gboolean                      *have_row,
           GCancellable                  *cancellable,
           GError                       **error)
{
  g_autoptr(GError) first_error = NULL;
  guint tries = 0;

  *have_row = FALSE;
  for (;;)
    {
      g_auto(GStrv) row = NULL;
      GError *local_error = NULL;

      if (!mamori_csv_reader_next (reader, cancellable, error))
        {
          if (error != NULL && *error != NULL)
            return FALSE;
          if (first_error != NULL)
            g_propagate_error (error, g_steal_pointer (&first_error));
          else
            g_set_error_literal (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_EMPTY,
                                 _("the file is empty."));
          return FALSE;
        }
      if (mamori_csv_reader_is_blank (reader))
        continue;

      *n_columns = mamori_csv_reader_get_n_fields (reader);
      if (!mapping->has_header)
        {
          *have_row = TRUE;
          return mamori_inventory_mapping_resolve (mapping, NULL, *n_columns, columns, error);
        }
      row = record_fields (reader);
      if (mamori_inventory_mapping_resolve (mapping, (const char *const *)row, *n_columns,
                                            columns, &local_error))
        {
          *headers = g_steal_pointer (&row);
          return TRUE;
        }
      if (first_error == NULL)
        g_propagate_error (&first_error, local_error);
      else
        g_error_free (local_error);
      if (!g_error_matches (first_error, MAMORI_INVENTORY_ERROR,
                            MAMORI_INVENTORY_ERROR_NO_CODE_COLUMN) ||
          mapping->columns[MAMORI_INVENTORY_FIELD_CODE].kind != MAP_AUTO || ++tries == 10)
        {
          g_propagate_error (error, g_steal_pointer (&first_error));
          return FALSE;
        }
    }
}

static MamoriCsvReader *
open_reader (GFile              *file,
             MamoriCsvEncoding   encoding,
             GCancellable       *cancellable,
             GError            **error)
{
  g_autoptr(GFileInputStream) in = g_file_read (file, cancellable, error);

  if (in == NULL)
    return NULL;
  return mamori_csv_reader_new (G_INPUT_STREAM (in), encoding, error);
}

static char *
file_name (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);

  return g_strdup (base ? base : "?");
}

static gboolean
file_stamp (GFile         *file,
            guint64       *size,
            guint64       *mtime,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                                 G_FILE_QUERY_INFO_NONE, cancellable, error);

  if (info == NULL)
    return FALSE;
  *size = g_file_info_get_size (info);
  *mtime = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * 1000000 +
           g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
  return TRUE;
}

/* Import, the passes --------------------------------------------------------------------------- */

static gboolean
prepare_temp_tables (MamoriStore  *store,
                     GError      **error)
{
  return mamori_store_exec (store,
                            "CREATE TEMP TABLE IF NOT EXISTS mamori_import_codes "
                            " (code TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID;"
                            "CREATE TEMP TABLE IF NOT EXISTS mamori_import_pending "
                            " (line INTEGER NOT NULL, code TEXT NOT NULL, "
                            "  outcome INTEGER NOT NULL);"
                            "CREATE TEMP TABLE IF NOT EXISTS mamori_import_fixups "
                            " (asset_id INTEGER NOT NULL, original TEXT NOT NULL);"
                            "DELETE FROM temp.mamori_import_codes;"
                            "DELETE FROM temp.mamori_import_pending;"
                            "DELETE FROM temp.mamori_import_fixups;", error);
}

static void
clear_temp_tables (MamoriStore *store)
{
  mamori_store_exec (store, "DELETE FROM temp.mamori_import_codes;"
                            "DELETE FROM temp.mamori_import_pending;"
                            "DELETE FROM temp.mamori_import_fixups;", NULL);
}

static void
import_progress (Import          *im,
                 MamoriCsvReader *reader,
                 double           from,
                 double           to,
                 const char      *what)
{
  double done = im->file_size ? (double)mamori_csv_reader_get_bytes_read (reader) / im->file_size
                              : 0.0;

  progress (im->options->progress, im->options->progress_data,
            from + (to - from) * MIN (done, 1.0), what);
}

static gboolean
note_pending (Import     *im,
              RowOutcome  outcome)
{
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (im->store, "INSERT INTO temp.mamori_import_pending (line, code, "
                                          "outcome) VALUES (?, ?, ?)", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64)im->line);
  mamori_bind_text (stmt, 2, im->pending_original);
  sqlite3_bind_int (stmt, 3, outcome);
  return mamori_store_step_done (im->store, stmt, NULL);
}

/* Writes one checked row. */
static gboolean
write_row (Import             *im,
           RowOutcome          outcome,
           MamoriAssetRecord  *r,
           GError            **error)
{
  gint64 id = r->id;
  sqlite3_stmt *stmt;

  if (outcome == ROW_ADD ? !mamori_asset_insert (im->store, r, &id, error)
                         : !mamori_asset_update (im->store, r, error))
    {
      g_prefix_error (error, _("line %llu: "), (unsigned long long)im->line);
      return FALSE;
    }
  if (im->forward_original == NULL)
    return TRUE;
  stmt = mamori_store_prepare (im->store, "INSERT INTO temp.mamori_import_fixups (asset_id, "
                                          "original) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  mamori_bind_text (stmt, 2, im->forward_original);
  return mamori_store_step_done (im->store, stmt, error);
}

static gboolean
file_changed (Import  *im,
              GError **error)
{
  g_set_error_literal (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_MAPPING,
                       _("the file changed while it was being imported; nothing was written. "
                         "Import it again."));
  return FALSE;
}

/* The line breaks in the file (a quoted one too): how far through it a row is. */
static gboolean
count_lines (GFile         *file,
             guint64       *lines,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFileInputStream) in = g_file_read (file, cancellable, error);
  g_autofree guint8 *buffer = g_malloc (256 * 1024);
  gssize n;

  *lines = 1;
  if (in == NULL)
    return FALSE;
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, 256 * 1024, cancellable,
                                   error)) > 0)
    for (const guint8 *p = buffer, *end = buffer + n; (p = memchr (p, '\n', end - p)); p++)
      (*lines)++;
  return n == 0;
}

/* From this size on, an import keeps its pages in a larger cache. */
#define LARGE_FILE (1024 * 1024)

/* Rebuilding the search index and the checks of the whole inventory costs seconds at a
 * million assets: worth it when a large share changes (a thousand rows or more, and a
 * twentieth of the inventory), not for a few rows.  Decided early, at the 64th change, from
 * the share of the file's lines read so far, and again at the thousandth; the rows written
 * before are indexed again with the rest. */
static gboolean
maybe_begin_bulk (Import          *im,
                  MamoriCsvReader *reader,
                  GError         **error)
{
  gint64 added = im->counts[ROW_ADD];
  gint64 changes = added + im->counts[ROW_UPDATE];
  double share;
  gint64 expected_changes, total;

  if (im->bulk || (changes != 64 && changes != 1000) || mamori_store_get_bulk (im->store))
    return TRUE;
  share = im->file_lines ? (double)mamori_csv_reader_get_line (reader) / im->file_lines : 1.0;
  share = CLAMP (share, 1e-6, 1.0);
  expected_changes = (gint64)(changes / share);
  total = mamori_store_query_int (im->store, "SELECT count (*) FROM assets", 0) +
          (gint64)(added / share) - added;
  if (expected_changes < 1000 || expected_changes * 20 < total)
    return TRUE;
  if (!mamori_asset_bulk_begin (im->store, error))
    return FALSE;
  im->bulk = TRUE;
  return TRUE;
}

/* Reads the whole file once, checking every row and, unless it is a dry run, writing each
 * row as long as no row before it was refused (a refused file is rolled back whole, but is
 * read to its end so that the report names every refused row). */
static gboolean
run_pass (Import             *im,
          GFile              *file,
          MamoriCsvEncoding   encoding,
          double              to,
          GError            **error)
{
  g_autoptr(MamoriCsvReader) reader = NULL;
  const char *what = im->writing ? _("Writing the inventory") : _("Checking the file");
  gboolean have_row = FALSE;
  guint64 n = 0;

  reader = open_reader (file, encoding, im->cancellable, error);
  if (reader == NULL)
    return FALSE;
  if (!read_head (reader, im->options->mapping, &im->headers, &im->n_columns, im->columns,
                  &have_row, im->cancellable, error))
    return FALSE;

  while (have_row || mamori_csv_reader_next (reader, im->cancellable, error))
    {
      g_autoptr(MamoriAssetRecord) r = NULL;
      RowOutcome outcome;

      have_row = FALSE;
      if (mamori_csv_reader_is_blank (reader))
        continue;
      outcome = convert_row (im, reader, &r);
      im->counts[outcome]++;
      im->report->rows++;
      if (outcome == ROW_REJECTED)
        im->report->rejected++;
      report_problems (im);
      if (im->pending_original != NULL && !note_pending (im, outcome))
        return mamori_store_set_error (im->store, SQLITE_ERROR, error);
      if (im->writing && im->report->rejected == 0 &&
          (outcome == ROW_ADD || outcome == ROW_UPDATE) &&
          (!write_row (im, outcome, r, error) || !maybe_begin_bulk (im, reader, error)))
        return FALSE;

      if (++n % 1024 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (im->cancellable, error))
            return FALSE;
          if (n % 8192 == 0)
            import_progress (im, reader, 0.0, to, what);
        }
    }
  if (error != NULL && *error != NULL)
    return FALSE;
  im->report->encoding = mamori_csv_reader_get_encoding (reader);
  if (n == 0 && im->headers != NULL)
    {
      g_set_error_literal (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_EMPTY,
                           _("the file has a header but no rows to import."));
      return FALSE;
    }
  return TRUE;
}

/* Copies whose original was not in the inventory, nor earlier in the file: the original must
 * be somewhere in the file. */
static gboolean
check_pending_originals (Import  *im,
                         GError **error)
{
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (im->store,
                               "SELECT p.line, p.code, p.outcome FROM temp.mamori_import_pending "
                               "AS p WHERE NOT EXISTS (SELECT 1 FROM temp.mamori_import_codes "
                               "AS c WHERE c.code = p.code) ORDER BY p.line", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      RowOutcome outcome = sqlite3_column_int (stmt, 2);

      im->line = sqlite3_column_int64 (stmt, 0);
      row_problem (im, MAMORI_INVENTORY_FIELD_ORIGINAL_CODE,
                   g_strdup_printf (_("No asset has the code “%s”, neither in the inventory nor "
                                      "in this file."), mamori_column_text (stmt, 1)));
      report_problems (im);
      if (outcome != ROW_REJECTED)
        {
          im->counts[outcome]--;
          im->counts[ROW_REJECTED]++;
          im->report->rejected++;
        }
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Sets the originals that came after their copies in the file. */
static gboolean
apply_fixups (Import  *im,
              GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (im->store, "SELECT asset_id, original FROM "
                                          "temp.mamori_import_fixups ORDER BY rowid", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      g_ptr_array_add (codes, g_strdup (mamori_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(MamoriAssetRecord) r = mamori_asset_load (im->store,
                                                          g_array_index (ids, gint64, i), error);

      if (r == NULL)
        return FALSE;
      r->original_id = mamori_asset_find_by_code (im->store, g_ptr_array_index (codes, i));
      if (r->original_id == 0)
        return file_changed (im, error);
      if (!mamori_asset_update (im->store, r, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
audit_import (Import      *im,
              GFile       *file,
              GError     **error)
{
  g_autofree char *name = file_name (file);
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (im->store, "SELECT json_object ('file', ?1, 'encoding', ?2, "
                                          "'rows', ?3, 'added', ?4, 'updated', ?5, "
                                          "'unchanged', ?6)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, name);
  mamori_bind_text (stmt, 2, mamori_csv_encoding_name (im->report->encoding));
  sqlite3_bind_int64 (stmt, 3, im->report->rows);
  sqlite3_bind_int64 (stmt, 4, im->report->added);
  sqlite3_bind_int64 (stmt, 5, im->report->updated);
  sqlite3_bind_int64 (stmt, 6, im->report->unchanged);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    detail = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return mamori_store_audit_event (im->store, "inventory-import", detail, error);
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const MamoriInventoryProblem *p = *(MamoriInventoryProblem **)a;
  const MamoriInventoryProblem *q = *(MamoriInventoryProblem **)b;

  return p->line < q->line ? -1 : p->line > q->line;
}

/* What follows the rows of an accepted file, inside the transaction: the originals that came
 * after their copies, the indexes left for the end, the import's own audit entry. */
static gboolean
finish_writing (Import  *im,
                GFile   *file,
                GError **error)
{
  if (!apply_fixups (im, error))
    return FALSE;
  if (im->bulk)
    {
      progress (im->options->progress, im->options->progress_data, 0.9,
                _("Indexing the inventory for search"));
      if (!mamori_asset_bulk_end (im->store, error))
        return FALSE;
    }
  return audit_import (im, file, error);
}

/**
 * mamori_inventory_import_csv:
 * @file: a CSV ledger
 * @options: (nullable): its encoding, the column mapping, dry run; %NULL: detect the
 *   encoding, recognise the columns by their names, and write
 *
 * Imports a ledger into the inventory, whole or not at all.  The file is read once, in one
 * transaction: each row is converted, checked and written; if any row is refused, the rest
 * is still checked, the transaction is rolled back so that nothing is written, and the report
 * says which rows and why, by line and column.  A dry run writes nothing and reports what
 * would be added, updated and refused.  A problem with the file itself (it cannot
 * be read as CSV, it is cut short, no column holds the asset code) is an error naming the file
 * and the line.  A cancellation rolls everything back.
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with @error set
 */
MamoriInventoryImportReport *
mamori_inventory_import_csv (MamoriStore                         *store,
                             GFile                               *file,
                             const MamoriInventoryImportOptions  *options,
                             GCancellable                        *cancellable,
                             GError                             **error)
{
  MamoriInventoryImportOptions defaults;
  g_autoptr(MamoriInventoryMapping) default_mapping = NULL;
  g_autoptr(MamoriInventoryImportReport) report = g_new0 (MamoriInventoryImportReport, 1);
  MamoriInventoryImportOptions effective;
  Import im = { 0 };
  g_autofree char *name = file_name (file);
  guint64 size = 0, mtime = 0, size_after = 0, mtime_after = 0;
  gboolean was_bulk = mamori_store_get_bulk (store);
  gboolean in_transaction = FALSE;
  gboolean reading = FALSE;
  gint64 cache = 0;
  gboolean ok = FALSE;

  if (options == NULL)
    {
      mamori_inventory_import_options_init (&defaults);
      options = &defaults;
    }
  effective = *options;
  if (effective.mapping == NULL)
    effective.mapping = default_mapping = mamori_inventory_mapping_new ();

  report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_inventory_problem_free);
  im.store = store;
  im.options = &effective;
  im.cancellable = cancellable;
  im.report = report;
  im.problems = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_inventory_problem_free);
  im.kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!file_stamp (file, &size, &mtime, cancellable, error))
    goto out;
  im.file_size = size;
  im.writing = !effective.dry_run;
  /* The write lock is taken before the checks, so that what was checked is what is written.
   * A dry run reads in one read transaction: one consistent picture, and no lock taken and
   * released again for each of the million queries (on a store that may be read-only, which
   * mamori_store_begin() refuses). */
  if (!effective.dry_run)
    {
      if (!mamori_store_begin (store, error))
        goto out;
      in_transaction = TRUE;
      /* A large import is one transaction: keep its pages in memory rather than spill them
       * to the WAL and read them back (at most 256 MiB, as for the sample ward; the file is
       * never held). */
      cache = mamori_store_query_int (store, "PRAGMA cache_size", -2000);
      if (size >= LARGE_FILE && !mamori_store_exec (store, "PRAGMA cache_size = -262144", error))
        goto out;
    }
  else if (!mamori_store_in_transaction (store))
    {
      if (!mamori_store_exec (store, "BEGIN DEFERRED", error))
        goto out;
      reading = TRUE;
    }
  if (!load_sections (&im, error) || !load_classes (&im, error) || !load_areas (&im, error) ||
      !prepare_temp_tables (store, error) ||
      (im.writing && !count_lines (file, &im.file_lines, cancellable, error)))
    goto out;

  if (!run_pass (&im, file, effective.encoding, effective.dry_run ? 1.0 : 0.9, error) ||
      !check_pending_originals (&im, error))
    goto out;
  g_ptr_array_sort (report->problems, compare_problems);
  report->added = im.counts[ROW_ADD];
  report->updated = im.counts[ROW_UPDATE];
  report->unchanged = im.counts[ROW_UNCHANGED];

  if (!effective.dry_run && report->rejected == 0)
    {
      if (!finish_writing (&im, file, error) ||
          !file_stamp (file, &size_after, &mtime_after, cancellable, error))
        goto out;
      if (size_after != size || mtime_after != mtime)
        {
          file_changed (&im, error);
          goto out;
        }
      mamori_store_set_bulk (store, was_bulk);
      clear_temp_tables (store);
      in_transaction = FALSE;
      if (!mamori_store_commit (store, error))
        {
          mamori_store_rollback (store);
          goto out;
        }
      report->written = TRUE;
    }
  progress (effective.progress, effective.progress_data, 1.0,
            effective.dry_run ? _("Checking the file") : _("Writing the inventory"));
  ok = TRUE;

out:
  if (!ok && error != NULL && *error != NULL &&
      ((*error)->domain == MAMORI_CSV_ERROR || (*error)->domain == MAMORI_INVENTORY_ERROR))
    g_prefix_error (error, "%s: ", name);
  mamori_store_set_bulk (store, was_bulk);
  clear_temp_tables (store);
  if (in_transaction)
    mamori_store_rollback (store);
  if (reading)
    mamori_store_exec (store, "ROLLBACK", NULL);
  if (cache != 0)
    {
      g_autofree char *restore = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, cache);

      mamori_store_exec (store, restore, NULL);
    }
  import_clear (&im);
  return ok ? g_steal_pointer (&report) : NULL;
}

/* Preview ---------------------------------------------------------------------------------------- */

void
mamori_inventory_preview_free (MamoriInventoryPreview *preview)
{
  if (preview == NULL)
    return;
  g_strfreev (preview->headers);
  g_clear_pointer (&preview->rows, g_ptr_array_unref);
  g_free (preview);
}

/**
 * mamori_inventory_preview:
 * @max_rows: how many rows after the header to read (5 for the mapping step)
 *
 * Reads the head of a ledger for the column-mapping step: its header, its first rows and the
 * columns Mamori recognises by name (-1 where none).  Reads no further than that.
 *
 * Returns: (transfer full) (nullable): the preview, or %NULL with @error set
 */
MamoriInventoryPreview *
mamori_inventory_preview (GFile               *file,
                          MamoriCsvEncoding    encoding,
                          guint                max_rows,
                          GCancellable        *cancellable,
                          GError             **error)
{
  g_autoptr(MamoriInventoryPreview) preview = g_new0 (MamoriInventoryPreview, 1);
  g_autoptr(MamoriInventoryMapping) mapping = mamori_inventory_mapping_new ();
  g_autoptr(MamoriCsvReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = file_name (file);
  guint n_columns = 0;
  gboolean have_row;

  preview->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  reader = open_reader (file, encoding, cancellable, error);
  if (reader == NULL)
    return NULL;

  if (!read_head (reader, mapping, &preview->headers, &n_columns, preview->columns, &have_row,
                  cancellable, &local_error))
    {
      /* No column recognised as the code: still a preview, of the first row, for the user to
       * map by hand. */
      if (!g_error_matches (local_error, MAMORI_INVENTORY_ERROR,
                            MAMORI_INVENTORY_ERROR_NO_CODE_COLUMN))
        {
          g_prefix_error (&local_error, "%s: ", name);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_clear_pointer (&reader, mamori_csv_reader_free);
      mamori_inventory_mapping_set_has_header (mapping, FALSE);
      reader = open_reader (file, encoding, cancellable, error);
      if (reader == NULL)
        return NULL;
      do
        if (!mamori_csv_reader_next (reader, cancellable, error))
          return NULL;
      while (mamori_csv_reader_is_blank (reader));
      preview->headers = record_fields (reader);
      for (guint f = 0; f < MAMORI_INVENTORY_N_FIELDS; f++)
        preview->columns[f] = -1;
    }

  while (preview->rows->len < max_rows)
    {
      g_autoptr(GError) row_error = NULL;

      if (!mamori_csv_reader_next (reader, cancellable, &row_error))
        {
          /* A problem further on is for the import to report; the head was readable. */
          if (row_error != NULL && preview->rows->len == 0 &&
              !g_error_matches (row_error, MAMORI_CSV_ERROR, MAMORI_CSV_ERROR_FIELD_TOO_LONG))
            {
              g_prefix_error (&row_error, "%s: ", name);
              g_propagate_error (error, g_steal_pointer (&row_error));
              return NULL;
            }
          break;
        }
      if (!mamori_csv_reader_is_blank (reader))
        g_ptr_array_add (preview->rows, record_fields (reader));
    }
  preview->encoding = mamori_csv_reader_get_encoding (reader);
  return g_steal_pointer (&preview);
}
