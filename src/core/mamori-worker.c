/* mamori-worker.c — one thread, one connection, for everything slow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GUI keeps one connection on the main thread for short indexed reads.  Writes and heavy
 * reads go to a MamoriWorker: a dedicated thread that owns its own connection and runs jobs
 * one after another in the order they were given, so that two quick edits cannot overtake
 * each other.  Each job completes a GTask, whose callback runs in the caller's main context.
 * The connection is opened (and the database migrated) by the first job.
 */

#include "config.h"

#include "mamori-worker.h"

struct _MamoriWorker
{
  GObject       parent_instance;

  char         *path;
  GThread      *thread;
  GAsyncQueue  *queue;
  GMutex        lock;
  char         *actor;     /* protected by lock */
};

typedef struct
{
  MamoriWorkerFunc func;
  gpointer         data;
  GDestroyNotify   data_free;
  GDestroyNotify   result_free;
} Job;

G_DEFINE_FINAL_TYPE (MamoriWorker, mamori_worker, G_TYPE_OBJECT)

/* The queue holds GTasks; this one tells the thread to stop. */
static int stop_marker;

static void
job_free (gpointer data)
{
  Job *job = data;

  if (job->data_free)
    job->data_free (job->data);
  g_free (job);
}

static gpointer
worker_thread (gpointer data)
{
  MamoriWorker *self = data;
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GError) open_error = NULL;

  for (;;)
    {
      g_autoptr(GTask) task = NULL;
      gpointer item = g_async_queue_pop (self->queue);
      GError *error = NULL;
      Job *job;
      gpointer result;

      if (item == &stop_marker)
        break;
      task = item;
      job = g_task_get_task_data (task);

      if (g_task_return_error_if_cancelled (task))
        continue;

      if (store == NULL && open_error == NULL)
        store = mamori_store_open (self->path, MAMORI_STORE_OPEN_DEFAULT, &open_error);
      if (store == NULL)
        {
          g_task_return_error (task, g_error_copy (open_error));
          continue;
        }

      g_mutex_lock (&self->lock);
      mamori_store_set_actor (store, self->actor);
      g_mutex_unlock (&self->lock);

      result = job->func (store, job->data, g_task_get_cancellable (task), &error);
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, result, job->result_free);
    }

  return NULL;
}

static void
mamori_worker_dispose (GObject *object)
{
  MamoriWorker *self = (MamoriWorker *)object;

  if (self->thread != NULL)
    {
      /* Jobs already queued still run: a write handed over is not dropped on close. */
      g_async_queue_push (self->queue, &stop_marker);
      g_thread_join (g_steal_pointer (&self->thread));
    }

  G_OBJECT_CLASS (mamori_worker_parent_class)->dispose (object);
}

static void
mamori_worker_finalize (GObject *object)
{
  MamoriWorker *self = (MamoriWorker *)object;

  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->actor, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (mamori_worker_parent_class)->finalize (object);
}

static void
mamori_worker_class_init (MamoriWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mamori_worker_dispose;
  object_class->finalize = mamori_worker_finalize;
}

static void
mamori_worker_init (MamoriWorker *self)
{
  g_mutex_init (&self->lock);
  self->queue = g_async_queue_new ();
  self->actor = g_strdup ("system");
}

/**
 * mamori_worker_new:
 * @db_path: the database the worker's connection opens
 *
 * Returns: (transfer full): a worker with its thread started
 */
MamoriWorker *
mamori_worker_new (const char *db_path)
{
  MamoriWorker *self = g_object_new (MAMORI_TYPE_WORKER, NULL);

  self->path = g_strdup (db_path);
  /* The thread holds no reference: dispose joins it before the worker goes away. */
  self->thread = g_thread_new ("mamori-worker", worker_thread, self);
  return self;
}

const char *
mamori_worker_get_path (MamoriWorker *self)
{
  return self->path;
}

/**
 * mamori_worker_set_actor:
 *
 * Who the audit log names for the jobs that start from now on.
 */
void
mamori_worker_set_actor (MamoriWorker *self,
                         const char   *actor)
{
  g_mutex_lock (&self->lock);
  g_free (self->actor);
  self->actor = g_strdup (actor);
  g_mutex_unlock (&self->lock);
}

/**
 * mamori_worker_run_async:
 * @func: what to run on the worker thread
 * @data_free: (nullable): frees @data after the job, on either thread
 * @result_free: (nullable): frees a result nobody collected
 *
 * Queues a job.  Jobs run one at a time, in order.
 */
void
mamori_worker_run_async (MamoriWorker        *self,
                         MamoriWorkerFunc     func,
                         gpointer             data,
                         GDestroyNotify       data_free,
                         GDestroyNotify       result_free,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  Job *job;

  g_return_if_fail (MAMORI_IS_WORKER (self));

  job = g_new0 (Job, 1);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;

  /* No source object: the task must not keep the worker alive, or its last reference could
   * be dropped on the worker's own thread, which would then have to join itself. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mamori_worker_run_async);
  g_task_set_task_data (task, job, job_free);
  g_async_queue_push (self->queue, task);
}

gpointer
mamori_worker_run_finish (MamoriWorker  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
