/* mamori-store.h — the SQLite database of one Mamori user
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define MAMORI_STORE_ERROR (mamori_store_error_quark ())

typedef enum
{
  MAMORI_STORE_ERROR_OPEN,
  MAMORI_STORE_ERROR_BUSY,
  MAMORI_STORE_ERROR_NOT_MAMORI,
  MAMORI_STORE_ERROR_TOO_NEW,
  MAMORI_STORE_ERROR_MIGRATION,
  MAMORI_STORE_ERROR_CONSTRAINT,
  MAMORI_STORE_ERROR_NOT_FOUND,
  MAMORI_STORE_ERROR_INVALID,
  MAMORI_STORE_ERROR_READ_ONLY,
  MAMORI_STORE_ERROR_FAILED,
} MamoriStoreError;

typedef enum
{
  MAMORI_STORE_OPEN_DEFAULT    = 0,
  /* Open an existing file without creating, migrating or writing anything. */
  MAMORI_STORE_OPEN_READ_ONLY  = 1 << 0,
  /* Open read-write but leave the schema as it is (restore, check of an older file). */
  MAMORI_STORE_OPEN_NO_MIGRATE = 1 << 1,
} MamoriStoreOpenFlags;

typedef enum
{
  MAMORI_AUDIT_INSERT,
  MAMORI_AUDIT_UPDATE,
  MAMORI_AUDIT_DELETE,
} MamoriAuditAction;

#define MAMORI_STORE_MEMORY ":memory:"

/* application_id in the SQLite header: "MMRI" */
#define MAMORI_STORE_APPLICATION_ID 0x4D4D5249

#define MAMORI_TYPE_STORE (mamori_store_get_type ())

G_DECLARE_FINAL_TYPE (MamoriStore, mamori_store, MAMORI, STORE, GObject)

GQuark        mamori_store_error_quark        (void);
char         *mamori_store_default_path       (void);
int           mamori_store_latest_version     (void);
int           mamori_store_migration_count    (void);

MamoriStore  *mamori_store_open               (const char            *path,
                                               MamoriStoreOpenFlags   flags,
                                               GError               **error);
const char   *mamori_store_get_path           (MamoriStore           *self);
sqlite3      *mamori_store_get_db             (MamoriStore           *self);
int           mamori_store_get_version        (MamoriStore           *self);
const char   *mamori_store_get_backup_path    (MamoriStore           *self);
gboolean      mamori_store_is_read_only       (MamoriStore           *self);

const char   *mamori_store_get_actor          (MamoriStore           *self);
void          mamori_store_set_actor          (MamoriStore           *self,
                                               const char            *actor);

gboolean      mamori_store_migrate            (MamoriStore           *self,
                                               GError               **error);
gboolean      mamori_store_migrate_to         (MamoriStore           *self,
                                               int                    target,
                                               GError               **error);

gboolean      mamori_store_begin              (MamoriStore           *self,
                                               GError               **error);
gboolean      mamori_store_commit             (MamoriStore           *self,
                                               GError               **error);
void          mamori_store_rollback           (MamoriStore           *self);
gboolean      mamori_store_in_transaction     (MamoriStore           *self);

sqlite3_stmt *mamori_store_prepare            (MamoriStore           *self,
                                               const char            *sql,
                                               GError               **error);
gboolean      mamori_store_exec               (MamoriStore           *self,
                                               const char            *sql,
                                               GError               **error);
gboolean      mamori_store_step_done          (MamoriStore           *self,
                                               sqlite3_stmt          *stmt,
                                               GError               **error);
gboolean      mamori_store_set_error          (MamoriStore           *self,
                                               int                    rc,
                                               GError               **error);
gint64        mamori_store_query_int          (MamoriStore           *self,
                                               const char            *sql,
                                               gint64                 fallback);
char         *mamori_store_query_text         (MamoriStore           *self,
                                               const char            *sql);
gboolean      mamori_store_row_exists         (MamoriStore           *self,
                                               const char            *sql,
                                               gint64                 id);
gint64        mamori_store_id_by_text         (MamoriStore           *self,
                                               const char            *sql,
                                               const char            *value);
char         *mamori_store_text_by_text       (MamoriStore           *self,
                                               const char            *sql,
                                               const char            *value);

char         *mamori_store_get_setting        (MamoriStore           *self,
                                               const char            *key);
gboolean      mamori_store_set_setting        (MamoriStore           *self,
                                               const char            *key,
                                               const char            *value,
                                               GError               **error);

char         *mamori_store_row_json           (MamoriStore           *self,
                                               const char            *table,
                                               const char            *uuid,
                                               GError               **error);
char         *mamori_store_row_json_expr      (MamoriStore           *self,
                                               const char            *table,
                                               const char            *alias,
                                               GError               **error);
gboolean      mamori_store_audited_step       (MamoriStore           *self,
                                               const char            *table,
                                               const char            *uuid,
                                               MamoriAuditAction      action,
                                               sqlite3_stmt          *stmt,
                                               GError               **error);
gint64        mamori_store_get_last_insert_id (MamoriStore         *self);
void          mamori_store_set_bulk           (MamoriStore           *self,
                                               gboolean               bulk);
gboolean      mamori_store_get_bulk           (MamoriStore           *self);
char         *mamori_store_new_uuid           (MamoriStore           *self);
void          mamori_store_set_uuid_source    (MamoriStore           *self,
                                               GRand                 *rand);
gboolean      mamori_store_audit_event        (MamoriStore           *self,
                                               const char            *what,
                                               const char            *detail_json,
                                               GError               **error);

/* Binding helpers: bind text (NULL binds NULL), with static lifetime if you know it. */
void          mamori_bind_text                (sqlite3_stmt          *stmt,
                                               int                    index,
                                               const char            *text);
const char   *mamori_column_text              (sqlite3_stmt          *stmt,
                                               int                    index);

G_END_DECLS
