/* mamori-contract.h — outsourcing and dispatch contracts (委託契約) and their clause checklists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

#define MAMORI_CONTRACT_ERROR (mamori_contract_error_quark ())

typedef enum
{
  MAMORI_CONTRACT_ERROR_INVALID,     /* a field is wrong; the message names it */
  MAMORI_CONTRACT_ERROR_NOT_FOUND,
  MAMORI_CONTRACT_ERROR_LOCKED,      /* concluded or ended: its checklist is kept as it was */
  MAMORI_CONTRACT_ERROR_TRANSITION,  /* no such step from the current status */
  MAMORI_CONTRACT_ERROR_MISSING,     /* mandatory clauses are not stated; the message names them */
  MAMORI_CONTRACT_ERROR_NO_STANDARD, /* the loaded standard has no clause set of this kind */
} MamoriContractError;

typedef struct
{
  gint64    id;
  char     *uuid;           /* NULL: a new one is made */
  char     *number;         /* 契約番号 */
  char     *title;          /* 件名 */
  char     *vendor;         /* 事業者 */
  gint64    section_id;     /* 契約所管課 */
  char     *section_name;   /* read only */
  char     *kind;           /* outsourcing, dispatch */
  gint64    standard_id;    /* read only: the standard its checklist follows */
  char     *starts_on;
  char     *ends_on;
  char     *class_code;     /* the highest class of information handled; "" unknown */
  gboolean  subcontracting;
  char     *subcontractor;
  char     *responsible;    /* the vendor's responsible person */
  char     *status;         /* draft, checked, concluded, ended */
  char     *concluded_on;
  char     *ended_on;
  gint64    renewal_of;     /* 0: not a renewal */
  char     *renewal_of_number; /* read only */
  char     *note;
} MamoriContract;

/* A clause of the contract's set and its answer. */
typedef struct
{
  gint64    id;             /* the contract_clauses row */
  gint64    clause_id;
  char     *code;
  char     *ref;            /* the article of the standard; NULL for reference-only clauses */
  char     *body;
  char     *gloss;
  gboolean  mandatory;
  char     *source;         /* where a reference-only clause comes from */
  char     *answer;         /* stated, not-stated, not-applicable; NULL: not answered */
  char     *article;        /* where the contract document states it */
  char     *note;
} MamoriContractClause;

typedef struct
{
  gint64    id;             /* the contract_checks row */
  char     *code;
  char     *body;
  char     *gloss;
  char     *refs;           /* the articles it cites, joined by "、" */
  gboolean  done;
  char     *done_on;
  char     *note;
} MamoriContractCheck;

typedef struct
{
  gint64  id;
  char   *uuid;
  char   *name;
  char   *kana;
  char   *role;
  char   *id_shown_on;      /* when the worker showed identification; NULL: not yet */
  char   *note;
  char   *areas;            /* read only: the managed areas that permit this worker under
                             * this contract ("サーバ室、…"), NULL if none */
} MamoriContractWorker;

typedef struct
{
  gint64  id;
  char   *uuid;
  char   *file_name;
  char   *media_type;
  gint64  size;
  char   *sha256;
  char   *attached_on;
} MamoriContractDocument;

extern const char *const mamori_contract_kinds[];     /* NULL-terminated */
extern const char *const mamori_contract_statuses[];  /* NULL-terminated */
extern const char *const mamori_contract_answers[];   /* NULL-terminated */

GQuark          mamori_contract_error_quark      (void);
const char     *mamori_contract_kind_label       (const char *kind);
const char     *mamori_contract_status_label     (const char *status);
const char     *mamori_contract_answer_label     (const char *answer);

MamoriContract *mamori_contract_new              (void);
void            mamori_contract_free             (MamoriContract         *contract);
void            mamori_contract_clause_free      (MamoriContractClause   *clause);
void            mamori_contract_check_free       (MamoriContractCheck    *check);
void            mamori_contract_worker_free      (MamoriContractWorker   *worker);
void            mamori_contract_document_free    (MamoriContractDocument *document);

/* Status rules (mamori-contract-rules.c) */
gboolean        mamori_contract_step_allowed     (const char             *from,
                                                  const char             *to);
gboolean        mamori_contract_is_locked        (const char             *status);
gboolean        mamori_contract_clause_missing   (const MamoriContractClause *clause);
char           *mamori_contract_describe_missing (GPtrArray              *missing);

/* Records; each write is one transaction (a savepoint inside the caller's). */
gboolean        mamori_contract_insert           (MamoriStore            *store,
                                                  const MamoriContract   *contract,
                                                  gint64                 *out_id,
                                                  GError                **error);
gboolean        mamori_contract_update           (MamoriStore            *store,
                                                  const MamoriContract   *contract,
                                                  GError                **error);
gboolean        mamori_contract_delete           (MamoriStore            *store,
                                                  gint64                  id,
                                                  GError                **error);
MamoriContract *mamori_contract_load             (MamoriStore            *store,
                                                  gint64                  id,
                                                  GError                **error);
gint64          mamori_contract_find_by_number   (MamoriStore            *store,
                                                  const char             *number);
void            mamori_contract_list_classes     (MamoriStore            *store,
                                                  GPtrArray             **codes,
                                                  GPtrArray             **labels);
char           *mamori_contract_clause_set_title (MamoriStore            *store,
                                                  gint64                  standard_id,
                                                  const char             *kind);

GPtrArray      *mamori_contract_list_clauses     (MamoriStore            *store,
                                                  gint64                  contract_id,
                                                  GError                **error);
gboolean        mamori_contract_answer           (MamoriStore            *store,
                                                  gint64                  contract_clause_id,
                                                  const char             *answer,
                                                  const char             *article,
                                                  const char             *note,
                                                  GError                **error);
GPtrArray      *mamori_contract_missing          (MamoriStore            *store,
                                                  gint64                  contract_id,
                                                  GError                **error);

GPtrArray      *mamori_contract_list_checks      (MamoriStore            *store,
                                                  gint64                  contract_id,
                                                  GError                **error);
gboolean        mamori_contract_set_check        (MamoriStore            *store,
                                                  gint64                  contract_check_id,
                                                  gboolean                done,
                                                  const char             *done_on,
                                                  const char             *note,
                                                  GError                **error);

gboolean        mamori_contract_set_status       (MamoriStore            *store,
                                                  gint64                  contract_id,
                                                  const char             *status,
                                                  const char             *on,
                                                  GError                **error);
gboolean        mamori_contract_renew            (MamoriStore            *store,
                                                  gint64                  contract_id,
                                                  const char             *number,
                                                  const char             *starts_on,
                                                  const char             *ends_on,
                                                  gint64                 *out_id,
                                                  GError                **error);

GPtrArray      *mamori_contract_list_workers     (MamoriStore            *store,
                                                  gint64                  contract_id,
                                                  GError                **error);
gboolean        mamori_contract_add_worker       (MamoriStore            *store,
                                                  gint64                  contract_id,
                                                  const MamoriContractWorker *worker,
                                                  GError                **error);
gboolean        mamori_contract_remove_worker    (MamoriStore            *store,
                                                  gint64                  worker_id,
                                                  GError                **error);

GPtrArray      *mamori_contract_list_documents   (MamoriStore            *store,
                                                  gint64                  contract_id,
                                                  GError                **error);
gboolean        mamori_contract_attach           (MamoriStore            *store,
                                                  gint64                  contract_id,
                                                  const char             *file_name,
                                                  const char             *media_type,
                                                  GBytes                 *bytes,
                                                  gint64                 *out_id,
                                                  GError                **error);
gboolean        mamori_contract_attach_file      (MamoriStore            *store,
                                                  gint64                  contract_id,
                                                  GFile                  *file,
                                                  gint64                 *out_id,
                                                  GError                **error);
GBytes         *mamori_contract_document_bytes   (MamoriStore            *store,
                                                  gint64                  document_id,
                                                  GError                **error);
gboolean        mamori_contract_verify_documents (MamoriStore            *store,
                                                  guint                   max,
                                                  GPtrArray              *problems,
                                                  GCancellable           *cancellable,
                                                  GError                **error);
gboolean        mamori_contract_detach           (MamoriStore            *store,
                                                  gint64                  document_id,
                                                  GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriContract, mamori_contract_free)

/* The list and the matrix (mamori-contract-query.c) */

typedef struct
{
  char     *text;               /* in number, title or vendor; NULL or "": any */
  gint64    section_id;         /* 0: any */
  char     *kind;               /* NULL: any */
  char     *status;             /* NULL: any */
  gboolean  missing_only;       /* only contracts with a mandatory clause missing */
  int       ending_within_days; /* 0: any; else concluded and ending within so many days */
  char     *today;              /* NULL: today */
} MamoriContractFilter;

typedef struct
{
  gint64  id;
  char   *number;
  char   *title;
  char   *vendor;
  char   *section;
  char   *kind;
  char   *status;
  char   *starts_on;
  char   *ends_on;
  guint   missing;              /* mandatory clauses missing */
  char   *missing_codes;        /* their codes, joined by ", " */
  char   *answers;              /* matrix only: one character per clause (see below) */
} MamoriContractRow;

/* A character of MamoriContractRow.answers. */
#define MAMORI_CONTRACT_MARK_STATED         'S'
#define MAMORI_CONTRACT_MARK_NOT_STATED     'N'
#define MAMORI_CONTRACT_MARK_NOT_APPLICABLE 'A'
#define MAMORI_CONTRACT_MARK_UNANSWERED     '?'
#define MAMORI_CONTRACT_MARK_NONE           ' '

typedef struct
{
  GPtrArray *codes;             /* char*: the clauses of the kind, mandatory first */
  GPtrArray *refs;              /* char*: their articles ("" for reference-only ones) */
  GArray    *mandatory;         /* gboolean */
  GPtrArray *rows;              /* MamoriContractRow, with answers */
} MamoriContractMatrix;

void                  mamori_contract_filter_clear (MamoriContractFilter *filter);
void                  mamori_contract_row_free     (MamoriContractRow    *row);
void                  mamori_contract_matrix_free  (MamoriContractMatrix *matrix);
GPtrArray            *mamori_contract_query        (MamoriStore                *store,
                                                    const MamoriContractFilter *filter,
                                                    GCancellable               *cancellable,
                                                    GError                    **error);
MamoriContractMatrix *mamori_contract_matrix       (MamoriStore                *store,
                                                    const char                 *kind,
                                                    const MamoriContractFilter *filter,
                                                    GCancellable               *cancellable,
                                                    GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriContractMatrix, mamori_contract_matrix_free)

G_END_DECLS
