/* mamori-worker.h — one thread, one connection, for everything slow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

/* Runs on the worker thread with the worker's own store.  Returns a result for
 * mamori_worker_run_finish() (NULL is a valid result) or sets @error. */
typedef gpointer (*MamoriWorkerFunc) (MamoriStore   *store,
                                      gpointer       data,
                                      GCancellable  *cancellable,
                                      GError       **error);

#define MAMORI_TYPE_WORKER (mamori_worker_get_type ())

G_DECLARE_FINAL_TYPE (MamoriWorker, mamori_worker, MAMORI, WORKER, GObject)

MamoriWorker *mamori_worker_new         (const char          *db_path);
const char   *mamori_worker_get_path    (MamoriWorker        *self);
void          mamori_worker_set_actor   (MamoriWorker        *self,
                                         const char          *actor);
void          mamori_worker_run_async   (MamoriWorker        *self,
                                         MamoriWorkerFunc     func,
                                         gpointer             data,
                                         GDestroyNotify       data_free,
                                         GDestroyNotify       result_free,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gpointer      mamori_worker_run_finish  (MamoriWorker        *self,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
