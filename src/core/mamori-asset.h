/* mamori-asset.h — the asset inventory (情報資産目録): records and their registers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

#define MAMORI_ASSET_ERROR (mamori_asset_error_quark ())

typedef enum
{
  MAMORI_ASSET_ERROR_INVALID,    /* a field is wrong; the message names it */
  MAMORI_ASSET_ERROR_DISPOSED,   /* a disposed asset is read-only */
  MAMORI_ASSET_ERROR_NOT_FOUND,
  MAMORI_ASSET_ERROR_IN_USE,     /* copies refer to it */
} MamoriAssetError;

/* A tri-state for facts a person may not have recorded yet. */
typedef enum
{
  MAMORI_UNKNOWN = -1,
  MAMORI_NO      = 0,
  MAMORI_YES     = 1,
} MamoriTristate;

typedef struct
{
  gint64          id;
  char           *uuid;              /* NULL: a new one is made */
  char           *code;
  char           *name;
  char           *description;
  char           *kind;              /* one of mamori_asset_kinds */
  gint64          owner_section_id;  /* the section that made it */
  gint64          holding_section_id;/* for a copy or transmission: the section that holds it */
  gint64          original_id;       /* for a copy or transmission: the original */
  char           *class_code;
  char           *criteria;          /* criterion codes joined by ',' */
  char           *cia_note;
  char           *medium;
  char           *storage_place;
  MamoriTristate  lockable;
  MamoriTristate  finalised;
  MamoriTristate  write_protected;
  char           *marking;
  int             backup_cycle_days; /* 0: none */
  char           *last_backup_on;
  char           *status;            /* active, disposed */
  char           *registered_on;
  guint           rule_flags;        /* read only: the checks it fails */
  gint64          area_id;           /* the managed area it is kept in (第3-2), 0: none */
} MamoriAssetRecord;

/* A problem with one field, as the editor shows it beside the field and an import names it
 * on its line. */
typedef struct
{
  char *field;     /* the record's field name: "code", "owner_section_id", … */
  char *message;   /* one translated sentence */
} MamoriFieldProblem;

typedef struct
{
  gint64  id;
  char   *uuid;
  char   *kind;         /* take-out, transmission */
  char   *purpose;
  char   *method;
  char   *handling;
  char   *destination;
  char   *requested_by;
  gint64  approver_id;  /* 0: not approved */
  char   *approver_name;
  char   *approved_on;
  char   *out_on;
  char   *returned_on;
  char   *note;
} MamoriTakeout;

typedef struct
{
  gint64  id;
  char   *uuid;
  gint64  approver_id;
  char   *approver_name;
  char   *approved_on;
  char   *erasure_method;
  char   *disposed_on;
  gint64  witness_id;
  char   *witness_name;
  char   *note;
} MamoriDisposal;

typedef struct
{
  gint64  id;
  char   *uuid;
  gint64  person_id;    /* 0: a group described in words */
  char   *person_name;
  char   *description;
} MamoriAccess;

typedef enum
{
  MAMORI_ASSET_FIELD_SECTION,   /* the creating section: a section id as text */
  MAMORI_ASSET_FIELD_STORAGE,   /* the storage place: text */
  MAMORI_ASSET_FIELD_CLASS,     /* the class: a class code */
} MamoriAssetField;

extern const char *const mamori_asset_kinds[];

GQuark              mamori_asset_error_quark     (void);
const char         *mamori_asset_kind_label      (const char               *kind);
const char         *mamori_asset_kind_from_label (const char               *label);

MamoriAssetRecord  *mamori_asset_record_new      (void);
void                mamori_asset_record_free     (MamoriAssetRecord        *record);
void                mamori_asset_record_clear    (MamoriAssetRecord        *record);
MamoriAssetRecord  *mamori_asset_record_copy     (const MamoriAssetRecord  *record);

GPtrArray          *mamori_asset_validate        (MamoriStore              *store,
                                                  const MamoriAssetRecord  *record);
gboolean            mamori_asset_insert          (MamoriStore              *store,
                                                  const MamoriAssetRecord  *record,
                                                  gint64                   *out_id,
                                                  GError                  **error);
gboolean            mamori_asset_update          (MamoriStore              *store,
                                                  const MamoriAssetRecord  *record,
                                                  GError                  **error);
gboolean            mamori_asset_delete          (MamoriStore              *store,
                                                  gint64                    id,
                                                  GError                  **error);
MamoriAssetRecord  *mamori_asset_load            (MamoriStore              *store,
                                                  gint64                    id,
                                                  GError                  **error);
gint64              mamori_asset_find_by_code    (MamoriStore              *store,
                                                  const char               *code);
char               *mamori_asset_next_code       (MamoriStore              *store,
                                                  gint64                    section_id);

GPtrArray          *mamori_asset_list_takeouts   (MamoriStore              *store,
                                                  gint64                    asset_id,
                                                  GError                  **error);
gboolean            mamori_asset_add_takeout     (MamoriStore              *store,
                                                  gint64                    asset_id,
                                                  const MamoriTakeout      *takeout,
                                                  GError                  **error);
gboolean            mamori_asset_return_takeout  (MamoriStore              *store,
                                                  gint64                    takeout_id,
                                                  const char               *returned_on,
                                                  GError                  **error);
MamoriDisposal     *mamori_asset_get_disposal    (MamoriStore              *store,
                                                  gint64                    asset_id,
                                                  GError                  **error);
gboolean            mamori_asset_dispose         (MamoriStore              *store,
                                                  gint64                    asset_id,
                                                  const MamoriDisposal     *disposal,
                                                  GError                  **error);
GPtrArray          *mamori_asset_list_access     (MamoriStore              *store,
                                                  gint64                    asset_id,
                                                  GError                  **error);
gboolean            mamori_asset_add_access      (MamoriStore              *store,
                                                  gint64                    asset_id,
                                                  gint64                    person_id,
                                                  const char               *description,
                                                  GError                  **error);
gboolean            mamori_asset_remove_access   (MamoriStore              *store,
                                                  gint64                    access_id,
                                                  GError                  **error);

gboolean            mamori_asset_change_many     (MamoriStore              *store,
                                                  GArray                   *ids,
                                                  MamoriAssetField          field,
                                                  const char               *value,
                                                  GPtrArray               **before,
                                                  GError                  **error);
gboolean            mamori_asset_restore_many    (MamoriStore              *store,
                                                  GPtrArray                *before,
                                                  GError                  **error);
gboolean            mamori_asset_delete_many     (MamoriStore              *store,
                                                  GArray                   *ids,
                                                  GError                  **error);

void                mamori_field_problem_free    (MamoriFieldProblem       *problem);
void                mamori_takeout_free          (MamoriTakeout            *takeout);
void                mamori_disposal_free         (MamoriDisposal           *disposal);
void                mamori_access_free           (MamoriAccess             *access);

gboolean            mamori_asset_search_index    (MamoriStore              *store,
                                                  gint64                    id,
                                                  const char               *old_text,
                                                  const char               *new_text,
                                                  GError                  **error);
gboolean            mamori_asset_search_rebuild  (MamoriStore              *store,
                                                  GError                  **error);
gboolean            mamori_asset_bulk_begin      (MamoriStore              *store,
                                                  GError                  **error);
gboolean            mamori_asset_bulk_end        (MamoriStore              *store,
                                                  GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriAssetRecord, mamori_asset_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriFieldProblem, mamori_field_problem_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriTakeout, mamori_takeout_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriDisposal, mamori_disposal_free)

G_END_DECLS
