/* mamori-asset.h — one record of the asset inventory (情報資産目録)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

/* A tri-state for facts a person may not have recorded yet. */
typedef enum
{
  MAMORI_UNKNOWN = -1,
  MAMORI_NO      = 0,
  MAMORI_YES     = 1,
} MamoriTristate;

typedef struct
{
  char           *uuid;              /* NULL: a new one is made */
  char           *code;
  char           *name;
  char           *description;
  char           *kind;              /* electronic, paper, medium, equipment, software, design-doc, other */
  gint64          owner_section_id;
  gint64          holding_section_id;
  gint64          original_id;
  char           *class_code;
  char           *criteria;          /* codes joined by ',' */
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
} MamoriAssetRecord;

extern const char *const mamori_asset_kinds[];

gboolean  mamori_asset_insert       (MamoriStore              *store,
                                     const MamoriAssetRecord  *record,
                                     gint64                   *out_id,
                                     GError                  **error);
void      mamori_asset_record_clear (MamoriAssetRecord        *record);

G_END_DECLS
