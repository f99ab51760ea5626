/* mamori-application.h — the application: settings, the database, app-wide actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mamori-core.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_APPLICATION (mamori_application_get_type ())

G_DECLARE_FINAL_TYPE (MamoriApplication, mamori_application, MAMORI, APPLICATION, AdwApplication)

typedef enum
{
  MAMORI_DATABASE_CLOSED,
  MAMORI_DATABASE_OPENING,
  MAMORI_DATABASE_FAILED,
  MAMORI_DATABASE_NEW,      /* opened; no organisation yet and no first-start choice made */
  MAMORI_DATABASE_READY,
} MamoriDatabaseState;

MamoriApplication   *mamori_application_new              (void);
MamoriApplication   *mamori_application_get_default      (void);
GSettings           *mamori_application_get_settings     (MamoriApplication *self);
MamoriStore         *mamori_application_get_store        (MamoriApplication *self);
MamoriWorker        *mamori_application_get_worker       (MamoriApplication *self);
MamoriDatabaseState  mamori_application_get_state        (MamoriApplication *self);
const char          *mamori_application_get_error        (MamoriApplication *self);
const char          *mamori_application_get_db_path      (MamoriApplication *self);
void                 mamori_application_open_database    (MamoriApplication *self,
                                                          const char        *path);
void                 mamori_application_finish_first_start (MamoriApplication *self,
                                                          const char        *choice);
void                 mamori_application_data_changed     (MamoriApplication *self);
void                 mamori_application_assets_changed   (MamoriApplication *self,
                                                          gint64             asset_id);
void                 mamori_application_set_profile      (MamoriApplication *self,
                                                          const char        *name,
                                                          const char        *section_code,
                                                          const char        *role_code);
char                *mamori_application_dup_actor        (MamoriApplication *self);

G_END_DECLS
