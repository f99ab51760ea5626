/* mamori-facts.h — what the registers already know, as findings tied to articles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fact source looks at one section's records (for a period) and reports findings, each
 * tied to the article of the loaded standard that the record fails.  An inspection item shows
 * the findings whose article it cites (item_citations), or an article beneath one it cites.
 * The inventory's checks are built in; another register plugs in with one call of
 * mamori_fact_source_register ().
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

typedef struct
{
  char *source;        /* the fact source's name: "inventory", "areas", "contracts" */
  char *ref;           /* the article the record fails, as the standard numbers it */
  char *summary;       /* one translated sentence: what is wrong */
  char *record_table;  /* where the record is: "assets", "contracts", … */
  char *record_uuid;   /* which record */
  char *record_label;  /* how a person names it: "A-0012 住民基本台帳" */
} MamoriFinding;

/* Appends MamoriFinding (mamori_finding_new) to @findings for the section's records.
 * @period_from and @period_to (ISO dates) bound what was recorded when it matters (log
 * sampling); a source that reports the state of today may ignore them. */
typedef gboolean (*MamoriFactSourceFunc) (MamoriStore  *store,
                                          gint64        section_id,
                                          const char   *period_from,
                                          const char   *period_to,
                                          GPtrArray    *findings,
                                          gpointer      user_data,
                                          GError      **error);

void           mamori_fact_source_register (const char           *name,
                                            MamoriFactSourceFunc  func,
                                            gpointer              user_data);
GStrv          mamori_fact_source_names    (void);

GPtrArray     *mamori_facts_collect        (MamoriStore  *store,
                                            gint64        section_id,
                                            const char   *period_from,
                                            const char   *period_to,
                                            GError      **error);
gint64         mamori_facts_record_id      (MamoriStore  *store,
                                            const char   *record_table,
                                            const char   *record_uuid);
gboolean       mamori_finding_cited_by     (const char   *finding_ref,
                                            const char   *cited_ref);

MamoriFinding *mamori_finding_new          (const char   *source,
                                            const char   *ref,
                                            const char   *summary,
                                            const char   *record_table,
                                            const char   *record_uuid,
                                            const char   *record_label);
void           mamori_finding_free         (MamoriFinding *finding);

/* The built-in source: the checks of mamori-rules.c on the section's assets. */
gboolean       mamori_facts_inventory      (MamoriStore  *store,
                                            gint64        section_id,
                                            const char   *period_from,
                                            const char   *period_to,
                                            GPtrArray    *findings,
                                            gpointer      user_data,
                                            GError      **error);

/* The built-in source of the managed areas: the checks of mamori-reconcile.c on the entry
 * logs and moves of the section's areas, in the period. */
gboolean       mamori_facts_areas          (MamoriStore  *store,
                                            gint64        section_id,
                                            const char   *period_from,
                                            const char   *period_to,
                                            GPtrArray    *findings,
                                            gpointer      user_data,
                                            GError      **error);

/* The built-in source of the contracts: the section's contracts (not ended) missing a
 * mandatory clause, one finding per clause, on the clause's article. */
gboolean       mamori_facts_contracts      (MamoriStore  *store,
                                            gint64        section_id,
                                            const char   *period_from,
                                            const char   *period_to,
                                            GPtrArray    *findings,
                                            gpointer      user_data,
                                            GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriFinding, mamori_finding_free)

G_END_DECLS
