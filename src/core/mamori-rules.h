/* mamori-rules.h — the checks the standard enables on the registers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

/* One bit per check, as stored in assets.rule_flags.  Never renumber: add. */
typedef enum
{
  MAMORI_RULE_ASSET_CLASS_CRITERION  = 1 << 0,
  MAMORI_RULE_ASSET_LOCKABLE_STORAGE = 1 << 1,
  MAMORI_RULE_ASSET_BACKUP           = 1 << 2,
  MAMORI_RULE_ASSET_WRITE_PROTECTION = 1 << 3,
  MAMORI_RULE_ASSET_TAKEOUT_APPROVAL = 1 << 4,
  MAMORI_RULE_ASSET_DISPOSAL         = 1 << 5,
  MAMORI_RULE_ASSET_COPY_HOLDER      = 1 << 6,
} MamoriRuleFlags;

typedef struct
{
  MamoriRuleFlags  flag;
  const char      *code;     /* as in the standard's <rules>: asset-lockable-storage */
  char            *ref;      /* the article that requires it, from the standard */
  char            *text;     /* the requirement in the standard's words */
  char            *gloss;
} MamoriRule;

const char *mamori_rule_code          (MamoriRuleFlags  flag);
const char *mamori_rule_summary       (MamoriRuleFlags  flag);
GPtrArray  *mamori_rules_enabled      (MamoriStore     *store,
                                       GError         **error);
guint       mamori_rules_enabled_mask (MamoriStore     *store);
char       *mamori_rules_expression   (MamoriStore     *store,
                                       GError         **error);
gboolean    mamori_rules_refresh      (MamoriStore     *store,
                                       gint64           asset_id,
                                       GError         **error);
gboolean    mamori_rules_refresh_if_stale (MamoriStore  *store,
                                           gboolean     *refreshed,
                                           GCancellable *cancellable,
                                           GError      **error);
char       *mamori_rules_top_class    (MamoriStore     *store);
guint       mamori_rules_check_record (MamoriStore     *store,
                                       gint64           id,
                                       const char      *status,
                                       const char      *class_code,
                                       const char      *criteria,
                                       const char      *kind,
                                       int              lockable,
                                       int              finalised,
                                       int              write_protected,
                                       int              backup_cycle_days,
                                       const char      *last_backup_on,
                                       gint64           original_id,
                                       gint64           holding_section_id);
void        mamori_rule_free          (MamoriRule      *rule);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriRule, mamori_rule_free)

G_END_DECLS
