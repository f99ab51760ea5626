/* mamori-rules.c — the checks the standard enables on the registers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mamori knows how to check, the standard says what and where: a check runs only if the
 * loaded standard lists it in <rules>, and it cites the article the standard gives.  “The top
 * class” is the class of rank 1 (Shinjuku's 重要性分類Ⅰ); nothing here names a class, an
 * article or a municipality.
 *
 * Each asset's failed checks are kept in assets.rule_flags so that “needs attention” is an
 * indexed lookup at a million assets.  The core recomputes an asset's flags whenever it or
 * its registers change, and every asset's once a day (the backup check depends on the date)
 * and whenever another standard is activated.
 */

#include "config.h"

#include "mamori-rules.h"
#include "mamori-era.h"

#include <glib/gi18n.h>

typedef struct
{
  MamoriRuleFlags  flag;
  const char      *code;
  const char      *summary;
  /* The condition, over an assets row aliased "a"; %1$s is the top class, %2$s today. */
  const char      *condition;
} RuleDefinition;

/* Kinds recorded on a medium that can be locked away (not equipment or software as such). */
#define MEDIUM_KINDS "('electronic', 'paper', 'medium', 'design-doc', 'other')"

static const RuleDefinition definitions[] = {
  { MAMORI_RULE_ASSET_CLASS_CRITERION, "asset-class-criterion",
    N_("Its class requires the criterion that put it there, and none is recorded."),
    "a.status = 'active' AND a.criteria = '' AND a.class_code IN "
    "(SELECT c.code FROM classification_classes AS c JOIN standards AS s "
    " ON s.id = c.standard_id WHERE s.active = 1 AND c.requires_criterion = 1)" },
  { MAMORI_RULE_ASSET_LOCKABLE_STORAGE, "asset-lockable-storage",
    N_("It is of the highest class, and its medium is not recorded as kept in lockable storage."),
    "a.status = 'active' AND a.class_code = %1$s AND a.kind IN " MEDIUM_KINDS
    " AND coalesce (a.lockable, 0) <> 1" },
  { MAMORI_RULE_ASSET_BACKUP, "asset-backup",
    N_("It is electronic data of the highest class without a backup inside its backup cycle."),
    "a.status = 'active' AND a.class_code = %1$s AND a.kind = 'electronic' AND "
    "(a.backup_cycle_days IS NULL OR a.last_backup_on IS NULL OR "
    " julianday (%2$s) - julianday (a.last_backup_on) > a.backup_cycle_days)" },
  { MAMORI_RULE_ASSET_WRITE_PROTECTION, "asset-write-protection",
    N_("It is finalised, and its medium is not recorded as write-protected."),
    "a.status = 'active' AND a.finalised = 1 AND coalesce (a.write_protected, 0) <> 1" },
  { MAMORI_RULE_ASSET_TAKEOUT_APPROVAL, "asset-takeout-approval",
    N_("It is of the highest class and was taken out or transmitted without approval."),
    "a.class_code = %1$s AND EXISTS (SELECT 1 FROM asset_takeouts AS t "
    " WHERE t.asset_id = a.id AND t.approver_id IS NULL)" },
  { MAMORI_RULE_ASSET_DISPOSAL, "asset-disposal",
    N_("It is of the highest class and was disposed of without a recorded approval and "
       "erasure."),
    "a.status = 'disposed' AND a.class_code = %1$s AND NOT EXISTS (SELECT 1 FROM "
    " asset_disposals AS d WHERE d.asset_id = a.id AND d.approver_id IS NOT NULL "
    " AND d.erasure_method <> '')" },
  { MAMORI_RULE_ASSET_COPY_HOLDER, "asset-copy-holder",
    N_("It is a copy or transmission, and the section that holds it is not recorded."),
    "a.original_id IS NOT NULL AND a.holding_section_id IS NULL" },
};

static const RuleDefinition *
find_definition (MamoriRuleFlags flag)
{
  for (guint i = 0; i < G_N_ELEMENTS (definitions); i++)
    if (definitions[i].flag == flag)
      return &definitions[i];
  return NULL;
}

const char *
mamori_rule_code (MamoriRuleFlags flag)
{
  const RuleDefinition *d = find_definition (flag);

  return d ? d->code : NULL;
}

/**
 * mamori_rule_summary:
 *
 * Returns: what an asset failing @flag is missing, in a sentence for people
 */
const char *
mamori_rule_summary (MamoriRuleFlags flag)
{
  const RuleDefinition *d = find_definition (flag);

  return d ? _(d->summary) : "";
}

void
mamori_rule_free (MamoriRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->ref);
  g_free (rule->text);
  g_free (rule->gloss);
  g_free (rule);
}

/**
 * mamori_rules_enabled:
 *
 * Returns: (transfer full) (element-type MamoriRule): the checks the active standard lists,
 *   in Mamori's order
 */
GPtrArray *
mamori_rules_enabled (MamoriStore  *store,
                      GError      **error)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_rule_free);
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store,
                               "SELECT r.ref, r.body, r.gloss FROM standard_rules AS r "
                               "JOIN standards AS s ON s.id = r.standard_id "
                               "WHERE s.active = 1 AND r.code = ?", error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (definitions); i++)
    {
      sqlite3_reset (stmt);
      mamori_bind_text (stmt, 1, definitions[i].code);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          MamoriRule *rule = g_new0 (MamoriRule, 1);

          rule->flag = definitions[i].flag;
          rule->code = definitions[i].code;
          rule->ref = g_strdup (mamori_column_text (stmt, 0));
          rule->text = g_strdup (mamori_column_text (stmt, 1));
          rule->gloss = g_strdup (mamori_column_text (stmt, 2));
          g_ptr_array_add (rules, rule);
        }
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&rules);
}

guint
mamori_rules_enabled_mask (MamoriStore *store)
{
  g_autoptr(GPtrArray) rules = mamori_rules_enabled (store, NULL);
  guint mask = 0;

  for (guint i = 0; rules && i < rules->len; i++)
    mask |= ((MamoriRule *)g_ptr_array_index (rules, i))->flag;
  return mask;
}

/**
 * mamori_rules_top_class:
 *
 * Returns: (transfer full) (nullable): the code of the active standard's class of rank 1
 */
char *
mamori_rules_top_class (MamoriStore *store)
{
  sqlite3_stmt *stmt;
  char *code = NULL;

  stmt = mamori_store_prepare (store,
                               "SELECT c.code FROM classification_classes AS c JOIN standards AS s "
                               "ON s.id = c.standard_id WHERE s.active = 1 ORDER BY c.rank LIMIT 1",
                               NULL);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    code = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return code;
}

/**
 * mamori_rules_expression:
 *
 * Returns: (transfer full) (nullable): an SQL expression over an assets row aliased "a"
 *   giving the rule_flags it should have today under the active standard; "0" when the
 *   standard enables no check
 */
char *
mamori_rules_expression (MamoriStore  *store,
                         GError      **error)
{
  g_autoptr(GPtrArray) rules = mamori_rules_enabled (store, error);
  g_autofree char *top = mamori_rules_top_class (store);
  g_autofree char *today = mamori_date_today_iso ();
  g_autoptr(GString) expr = g_string_new (NULL);
  char *top_sql, *today_sql;
  guint mask = 0;

  if (rules == NULL)
    return NULL;
  for (guint i = 0; i < rules->len; i++)
    mask |= ((MamoriRule *)g_ptr_array_index (rules, i))->flag;

  top_sql = sqlite3_mprintf ("%Q", top);
  today_sql = sqlite3_mprintf ("%Q", today);
  for (guint i = 0; i < G_N_ELEMENTS (definitions); i++)
    {
      const RuleDefinition *d = &definitions[i];
      g_autofree char *condition = NULL;

      if (!(mask & d->flag))
        continue;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      /* The conditions are the literals above, with %1$s and %2$s only. */
      condition = g_strdup_printf (d->condition, top_sql, today_sql);
#pragma GCC diagnostic pop
      g_string_append_printf (expr, "%s(CASE WHEN %s THEN %u ELSE 0 END)", expr->len ? " | " : "",
                              condition, (guint)d->flag);
    }
  sqlite3_free (top_sql);
  sqlite3_free (today_sql);

  if (expr->len == 0)
    g_string_append_c (expr, '0');
  return g_string_free (g_steal_pointer (&expr), FALSE);
}

/**
 * mamori_rules_refresh:
 * @asset_id: one asset, or 0 for all of them
 *
 * Recomputes the failed checks of an asset, or of every asset.  Derived data: not audited.
 */
gboolean
mamori_rules_refresh (MamoriStore  *store,
                      gint64        asset_id,
                      GError      **error)
{
  g_autofree char *expr = mamori_rules_expression (store, error);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (expr == NULL)
    return FALSE;
  /* One asset is found by its id: a condition such as "?1 = 0 OR a.id = ?1" would make
   * SQLite read every asset for each one written. */
  sql = g_strdup_printf ("UPDATE assets AS a SET rule_flags = %s WHERE %s rule_flags IS NOT %s",
                         expr, asset_id ? "a.id = ?1 AND" : "", expr);
  stmt = mamori_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (asset_id)
    sqlite3_bind_int64 (stmt, 1, asset_id);
  return mamori_store_step_done (store, stmt, error);
}

/**
 * mamori_rules_refresh_if_stale:
 *
 * @refreshed: (out) (optional): whether the checks were computed again
 *
 * Recomputes every asset's checks if they were last computed on another day or under
 * another standard.  Takes a moment at a million assets: call it on a worker.
 */
gboolean
mamori_rules_refresh_if_stale (MamoriStore   *store,
                               gboolean      *refreshed,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autofree char *today = mamori_date_today_iso ();
  g_autofree char *stamp = NULL;
  g_autofree char *last = NULL;
  sqlite3_stmt *stmt;
  gint64 standard = mamori_store_query_int (store, "SELECT id FROM standards WHERE active = 1", 0);

  stamp = g_strdup_printf ("%s/%" G_GINT64_FORMAT, today, standard);
  stmt = mamori_store_prepare (store, "SELECT value FROM derived_state WHERE key = 'rules'", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    last = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (refreshed != NULL)
    *refreshed = FALSE;
  if (g_strcmp0 (stamp, last) == 0)
    return TRUE;

  if (!mamori_store_begin (store, error))
    return FALSE;
  stmt = mamori_store_prepare (store, "INSERT OR REPLACE INTO derived_state (key, value) "
                                      "VALUES ('rules', ?)", error);
  if (stmt != NULL)
    mamori_bind_text (stmt, 1, stamp);
  if (stmt == NULL || g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !mamori_rules_refresh (store, 0, error) || !mamori_store_step_done (store, stmt, error))
    {
      mamori_store_rollback (store);
      return FALSE;
    }
  if (!mamori_store_commit (store, error))
    return FALSE;
  if (refreshed != NULL)
    *refreshed = TRUE;
  return TRUE;
}

static void
bind_flag (sqlite3_stmt *stmt,
           int           index,
           int           value)
{
  if (value < 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int (stmt, index, value);
}

/**
 * mamori_rules_check_record:
 * @id: the asset's id, or 0 for one not yet stored
 * @lockable: 1, 0, or -1 for not recorded (likewise @finalised, @write_protected)
 *
 * Evaluates the checks on an asset as it is being edited, before it is stored, so that the
 * editor can say at once what the standard would find missing.
 *
 * Returns: the checks it would fail
 */
guint
mamori_rules_check_record (MamoriStore *store,
                           gint64       id,
                           const char  *status,
                           const char  *class_code,
                           const char  *criteria,
                           const char  *kind,
                           int          lockable,
                           int          finalised,
                           int          write_protected,
                           int          backup_cycle_days,
                           const char  *last_backup_on,
                           gint64       original_id,
                           gint64       holding_section_id)
{
  g_autofree char *expr = mamori_rules_expression (store, NULL);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  guint flags = 0;

  if (expr == NULL)
    return 0;
  sql = g_strdup_printf ("WITH a (id, status, class_code, criteria, kind, lockable, finalised, "
                         "write_protected, backup_cycle_days, last_backup_on, original_id, "
                         "holding_section_id) AS (VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                         "?10, ?11, ?12)) SELECT %s FROM a", expr);
  stmt = mamori_store_prepare (store, sql, NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, id);
  mamori_bind_text (stmt, 2, status ? status : "active");
  mamori_bind_text (stmt, 3, class_code);
  mamori_bind_text (stmt, 4, criteria ? criteria : "");
  mamori_bind_text (stmt, 5, kind);
  bind_flag (stmt, 6, lockable);
  bind_flag (stmt, 7, finalised);
  bind_flag (stmt, 8, write_protected);
  if (backup_cycle_days > 0)
    sqlite3_bind_int (stmt, 9, backup_cycle_days);
  mamori_bind_text (stmt, 10, last_backup_on && *last_backup_on ? last_backup_on : NULL);
  if (original_id)
    sqlite3_bind_int64 (stmt, 11, original_id);
  if (holding_section_id)
    sqlite3_bind_int64 (stmt, 12, holding_section_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    flags = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return flags;
}
