/* mamori-audit.h — the append-only audit log and its SHA-256 chain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

#define MAMORI_AUDIT_GENESIS \
  "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct
{
  gint64      seq;
  const char *at;
  const char *actor;
  const char *action;
  const char *table;
  const char *row_key;
  const char *before;
  const char *after;
  const char *prev_hash;
} MamoriAuditFields;

typedef enum
{
  MAMORI_AUDIT_PROBLEM_CHAIN,   /* an entry was altered, removed or inserted */
  MAMORI_AUDIT_PROBLEM_CHANGED, /* a row differs from its last recorded state */
  MAMORI_AUDIT_PROBLEM_UNRECORDED, /* a row has no entry at all */
  MAMORI_AUDIT_PROBLEM_DELETED, /* a row the log says exists is gone */
} MamoriAuditProblemKind;

typedef struct
{
  MamoriAuditProblemKind kind;
  gint64                 seq;      /* the entry concerned, 0 if none */
  char                  *table;
  char                  *row_key;
  char                  *message;  /* one translated sentence */
} MamoriAuditProblem;

typedef struct
{
  gint64  entries;
  char   *head_hash;
} MamoriAuditSummary;

typedef struct
{
  gint64  seq;
  char   *at;
  char   *actor;
  char   *action;    /* insert, update, delete */
  char   *table;
  char   *changed;   /* the columns an update changed, joined by ',' */
} MamoriHistoryEntry;

char     *mamori_audit_entry_hash      (const MamoriAuditFields *fields);
GPtrArray *mamori_audit_history        (MamoriStore             *store,
                                        const char              *table,
                                        const char              *uuid,
                                        const char * const      *children,
                                        const char              *child_key,
                                        gint64                   child_id,
                                        GError                 **error);
void      mamori_history_entry_free    (MamoriHistoryEntry      *entry);

gboolean  mamori_audit_verify          (MamoriStore             *store,
                                        guint                    max_problems,
                                        GPtrArray              **problems,
                                        MamoriAuditSummary      *summary,
                                        GCancellable            *cancellable,
                                        GError                 **error);

void      mamori_audit_problem_free    (MamoriAuditProblem      *problem);
void      mamori_audit_summary_clear   (MamoriAuditSummary      *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriAuditProblem, mamori_audit_problem_free)

G_END_DECLS
