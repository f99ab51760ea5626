/* mamori-area.h — managed areas (管理区域): areas, permitted people, the entry log, moves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

#define MAMORI_AREA_ERROR (mamori_area_error_quark ())

typedef enum
{
  MAMORI_AREA_ERROR_INVALID,    /* a field is wrong; the message names it */
  MAMORI_AREA_ERROR_NOT_FOUND,
} MamoriAreaError;

typedef struct
{
  gint64  id;
  char   *uuid;             /* NULL: a new one is made */
  char   *code;
  char   *name;
  char   *class_code;       /* a code of the active standard's area classes */
  char   *building;
  char   *floor;
  char   *room;
  gint64  section_id;       /* the section that designated it */
  gint64  officer_id;       /* the responsible officer (情報セキュリティ責任者) */
  char   *designated_on;
  char   *note;
  /* Read only, filled by mamori_area_list() and mamori_area_load(). */
  char   *class_name;
  char   *section_name;
  char   *officer_name;
  gint64  n_permits;
  gint64  n_defects;        /* entries and moves failing an enabled check */
  gint64  n_late_keys;      /* keys or cards returned late or overdue now (area-key-return) */
} MamoriArea;

typedef struct
{
  gint64  id;
  char   *uuid;
  gint64  area_id;
  gint64  person_id;        /* 0: not a person of the register */
  char   *name;
  char   *affiliation;
  char   *kind;             /* staff, contractor, other */
  char   *contract_number;  /* the contract a contractor works under */
  char   *card_number;      /* key or card number */
  char   *valid_from;
  char   *valid_to;         /* NULL: open-ended */
  char   *note;
} MamoriAreaPermit;

typedef struct
{
  gint64  id;
  char   *uuid;
  gint64  area_id;
  gint64  person_id;        /* 0: not a person of the register */
  char   *name;
  char   *affiliation;
  char   *kind;             /* staff, contractor, other */
  char   *purpose;
  char   *entered_at;       /* 2026-04-01T09:30 */
  char   *left_at;          /* NULL: no exit recorded */
  gint64  escort_id;        /* the escorting staff member; 0: none */
  gboolean id_checked;
  char   *card_number;
  char   *items;            /* media or equipment brought in or out */
  gboolean unissued_media;  /* media not issued by the organisation among them */
  char   *note;
  guint   rule_flags;       /* read only: MamoriAreaDefect bits */
  char   *escort_name;      /* read only */
  char   *area_code;        /* read only */
} MamoriAreaEntry;

typedef struct
{
  gint64  id;
  char   *uuid;
  gint64  area_id;
  char   *direction;        /* in, out */
  char   *moved_at;
  char   *item;
  gint64  asset_id;         /* 0: not in the inventory */
  gboolean is_medium;
  gboolean issued;          /* a medium issued by the organisation */
  char   *carried_by;
  gint64  witness_id;       /* the witnessing staff member; 0: none */
  char   *note;
  guint   rule_flags;       /* read only */
  char   *witness_name;     /* read only */
} MamoriAreaMove;

/* What the entry log is searched by; zero/NULL fields do not filter. */
typedef struct
{
  gint64      area_id;
  const char *from;         /* a date, inclusive */
  const char *to;           /* a date, inclusive */
  const char *person;       /* the start of the name */
  guint       defects;      /* MamoriAreaDefect bits: entries failing any of them */
} MamoriEntryFilter;

extern const char *const mamori_area_person_kinds[];

GQuark            mamori_area_error_quark     (void);
const char       *mamori_area_kind_label      (const char          *kind);
char             *mamori_area_time_parse      (const char          *text);
char             *mamori_area_time_display    (const char          *iso_time);

MamoriArea       *mamori_area_new             (void);
void              mamori_area_free            (MamoriArea          *area);
void              mamori_area_permit_free     (MamoriAreaPermit    *permit);
void              mamori_area_entry_free      (MamoriAreaEntry     *entry);
void              mamori_area_move_free       (MamoriAreaMove      *move);

gboolean          mamori_area_insert          (MamoriStore         *store,
                                               const MamoriArea    *area,
                                               gint64              *out_id,
                                               GError             **error);
gboolean          mamori_area_update          (MamoriStore         *store,
                                               const MamoriArea    *area,
                                               GError             **error);
gboolean          mamori_area_check_deletable (MamoriStore         *store,
                                               gint64               id,
                                               GError             **error);
gboolean          mamori_area_delete          (MamoriStore         *store,
                                               gint64               id,
                                               GError             **error);
MamoriArea       *mamori_area_load            (MamoriStore         *store,
                                               gint64               id,
                                               GError             **error);
gint64            mamori_area_find_by_code    (MamoriStore         *store,
                                               const char          *code);
GPtrArray        *mamori_area_list            (MamoriStore         *store,
                                               GError             **error);
GPtrArray        *mamori_area_list_names      (MamoriStore         *store,
                                               GError             **error);
void              mamori_area_classes         (MamoriStore         *store,
                                               GStrv               *codes,
                                               GStrv               *labels);
GStrv             mamori_area_measures        (MamoriStore         *store,
                                               gint64               area_id);
gboolean          mamori_area_is_top_class    (MamoriStore         *store,
                                               gint64               area_id);

gboolean          mamori_area_set_measure     (MamoriStore         *store,
                                               gint64               area_id,
                                               const char          *measure_code,
                                               const char          *how,
                                               GError             **error);
char             *mamori_area_get_measure     (MamoriStore         *store,
                                               gint64               area_id,
                                               const char          *measure_code);

gboolean          mamori_area_permit_insert   (MamoriStore         *store,
                                               const MamoriAreaPermit *permit,
                                               gint64              *out_id,
                                               GError             **error);
gboolean          mamori_area_permit_delete   (MamoriStore         *store,
                                               gint64               id,
                                               GError             **error);
GPtrArray        *mamori_area_permits         (MamoriStore         *store,
                                               gint64               area_id,
                                               GError             **error);

gboolean          mamori_area_entry_insert    (MamoriStore         *store,
                                               const MamoriAreaEntry *entry,
                                               gint64              *out_id,
                                               GError             **error);
gboolean          mamori_area_entry_set_exit  (MamoriStore         *store,
                                               gint64               id,
                                               const char          *left_at,
                                               GError             **error);
gboolean          mamori_area_entry_record_exit (MamoriStore       *store,
                                                 gint64             id,
                                                 const char        *at,
                                                 char             **left_at,
                                                 GError           **error);
gboolean          mamori_area_entry_delete    (MamoriStore         *store,
                                               gint64               id,
                                               GError             **error);
MamoriAreaEntry  *mamori_area_entry_load      (MamoriStore         *store,
                                               gint64               id,
                                               GError             **error);
GPtrArray        *mamori_area_entries         (MamoriStore         *store,
                                               const MamoriEntryFilter *filter,
                                               guint                offset,
                                               guint                limit,
                                               GError             **error);
GPtrArray        *mamori_area_entries_at      (MamoriStore         *store,
                                               const MamoriEntryFilter *filter,
                                               guint                offset,
                                               guint                limit,
                                               guint                total,
                                               const MamoriAreaEntry *above,
                                               guint                above_position,
                                               GError             **error);
GPtrArray        *mamori_area_entries_marks   (MamoriStore         *store,
                                               const MamoriEntryFilter *filter,
                                               guint                every,
                                               GCancellable        *cancellable,
                                               GError             **error);
gint64            mamori_area_entries_count   (MamoriStore         *store,
                                               const MamoriEntryFilter *filter,
                                               GError             **error);
GPtrArray        *mamori_area_recent_people   (MamoriStore         *store,
                                               gint64               area_id,
                                               guint                limit,
                                               GError             **error);

gboolean          mamori_area_move_insert     (MamoriStore         *store,
                                               const MamoriAreaMove *move,
                                               gint64              *out_id,
                                               GError             **error);
GPtrArray        *mamori_area_moves           (MamoriStore         *store,
                                               gint64               area_id,
                                               guint                limit,
                                               GError             **error);

gboolean          mamori_area_add_asset       (MamoriStore         *store,
                                               gint64               area_id,
                                               gint64               asset_id,
                                               GError             **error);
gboolean          mamori_area_remove_asset    (MamoriStore         *store,
                                               gint64               asset_id,
                                               GError             **error);
GPtrArray        *mamori_area_asset_labels    (MamoriStore         *store,
                                               gint64               area_id,
                                               GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriArea, mamori_area_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriAreaPermit, mamori_area_permit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriAreaEntry, mamori_area_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriAreaMove, mamori_area_move_free)

G_END_DECLS
