/* mamori-evaluation.c — 監査 (audit findings), 評価 (evaluation) and 見直し (review)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layers on the same cycle and items as the inspection: an auditor records findings on a
 * section (never their own, 第7-1), management evaluates each chapter on the roll-up, the
 * findings and the changes in circumstances (第7-3), and proposes what to review (第7-4).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "mamori-evaluation.h"
#include "mamori-era.h"
#include "mamori-inspection.h"
#include "mamori-inspection-roles.h"
#include "mamori-inspection-private.h"
#include "mamori-rollup.h"
#include "mamori-text.h"

static gboolean
one_of (const char *value,
        const char *first,
        ...)
{
  va_list args;
  gboolean found = FALSE;

  va_start (args, first);
  for (const char *s = first; s != NULL && !found; s = va_arg (args, const char *))
    found = g_strcmp0 (value, s) == 0;
  va_end (args);
  return found;
}

void
mamori_audit_finding_free (MamoriAuditFinding *f)
{
  if (f == NULL)
    return;
  g_free (f->uuid);
  g_free (f->section_name);
  g_free (f->item_code);
  g_free (f->auditor_name);
  g_free (f->severity);
  g_free (f->finding);
  g_free (f->found_on);
  g_free (f);
}

void
mamori_chapter_evaluation_free (MamoriChapterEvaluation *e)
{
  if (e == NULL)
    return;
  g_free (e->chapter_ref);
  g_free (e->chapter_title);
  g_free (e->rating);
  g_free (e->assessment);
  g_free (e->circumstances);
  g_free (e->evaluated_by);
  g_free (e->evaluated_on);
  g_free (e);
}

void
mamori_review_proposal_free (MamoriReviewProposal *p)
{
  if (p == NULL)
    return;
  g_free (p->uuid);
  g_free (p->chapter_ref);
  g_free (p->ref);
  g_free (p->proposal);
  g_free (p->status);
  g_free (p->decided_on);
  g_free (p);
}

const char *const mamori_audit_severities[] = { "nonconformity", "observation", "good", NULL };
const char *const mamori_evaluation_ratings[] = { "adequate", "improvement-needed", "inadequate",
                                                  NULL };

const char *
mamori_audit_severity_label (const char *severity)
{
  if (g_strcmp0 (severity, "nonconformity") == 0)
    return _("Nonconformity");
  if (g_strcmp0 (severity, "observation") == 0)
    return _("Observation");
  if (g_strcmp0 (severity, "good") == 0)
    return _("Good practice");
  return severity ? severity : "";
}

const char *
mamori_evaluation_rating_label (const char *rating)
{
  if (g_strcmp0 (rating, "adequate") == 0)
    return _("Adequate");
  if (g_strcmp0 (rating, "improvement-needed") == 0)
    return _("Improvement needed");
  if (g_strcmp0 (rating, "inadequate") == 0)
    return _("Inadequate");
  return _("Not evaluated");
}

const char *
mamori_review_status_label (const char *status)
{
  if (g_strcmp0 (status, "proposed") == 0)
    return _("Proposed");
  if (g_strcmp0 (status, "adopted") == 0)
    return _("Adopted");
  if (g_strcmp0 (status, "rejected") == 0)
    return _("Rejected");
  return status ? status : "";
}

/* Audit findings --------------------------------------------------------------------------- */

/**
 * mamori_audit_finding_add:
 * @item_id: the catalogue item, or 0 for the section as a whole
 * @severity: nonconformity, observation or good
 *
 * Refused when the auditor belongs to the audited section: an audit is independent of what
 * it audits (第7-1).
 */
gboolean
mamori_audit_finding_add (MamoriStore  *store,
                          gint64        cycle_id,
                          gint64        section_id,
                          gint64        item_id,
                          gint64        auditor_id,
                          const char   *severity,
                          const char   *finding,
                          const char   *found_on,
                          gint64       *out_id,
                          GError      **error)
{
  g_autoptr(MamoriCycle) cycle = mamori_cycle_get (store, cycle_id, error);
  g_autofree char *uuid = NULL;
  g_autofree char *today = mamori_date_today_iso ();
  sqlite3_stmt *stmt;
  int y, m, d;
  gboolean ok;

  if (cycle == NULL ||
      !mamori_inspection_check_act (store, MAMORI_INSPECTION_ACT_AUDIT, section_id, error))
    return FALSE;
  if (!one_of (severity, "nonconformity", "observation", "good", NULL))
    {
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_INVALID,
                   _("An audit finding is a nonconformity, an observation or a good practice, "
                     "not “%s”."), severity ? severity : "");
      return FALSE;
    }
  if (mamori_text_is_blank (finding))
    {
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_INVALID,
                   _("The audit finding needs its text: what the auditor found."));
      return FALSE;
    }
  if (found_on != NULL && !mamori_date_parse_iso (found_on, &y, &m, &d))
    {
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_INVALID,
                   _("The date of the audit finding “%s” is not a date."), found_on);
      return FALSE;
    }

  /* The auditor, as any person acting on an audit: not of the audited section. */
  if (!mamori_inspection_may (store, auditor_id, MAMORI_INSPECTION_ACT_AUDIT, section_id, error))
    return FALSE;
  if (item_id != 0)
    {
      stmt = mamori_store_prepare (store, "SELECT 1 FROM catalogue_items WHERE id = ? "
                                   "AND standard_id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, item_id);
      sqlite3_bind_int64 (stmt, 2, cycle->standard_id);
      ok = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (!ok)
        {
          g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_INVALID,
                       _("The item is not in the catalogue of “%s”."), cycle->title);
          return FALSE;
        }
    }

  if (!mamori_store_begin (store, error))
    return FALSE;
  uuid = mamori_store_new_uuid (store);
  stmt = mamori_store_prepare (store,
    "INSERT INTO audit_findings (uuid, cycle_id, section_id, item_id, auditor_id, severity, "
    "finding, found_on) VALUES (?, ?, ?, nullif (?, 0), ?, ?, ?, ?)", error);
  ok = stmt != NULL;
  if (ok)
    {
      g_autofree char *text = mamori_text_strip_dup (finding);

      mamori_bind_text (stmt, 1, uuid);
      sqlite3_bind_int64 (stmt, 2, cycle_id);
      sqlite3_bind_int64 (stmt, 3, section_id);
      sqlite3_bind_int64 (stmt, 4, item_id);
      sqlite3_bind_int64 (stmt, 5, auditor_id);
      mamori_bind_text (stmt, 6, severity);
      mamori_bind_text (stmt, 7, text);
      mamori_bind_text (stmt, 8, found_on ? found_on : today);
      ok = mamori_store_audited_step (store, "audit_findings", uuid, MAMORI_AUDIT_INSERT, stmt,
                                      error);
    }
  if (ok && out_id)
    *out_id = mamori_store_get_last_insert_id (store);
  return mamori_write_end (store, ok, error);
}

static MamoriAuditFinding *
finding_from_row (sqlite3_stmt *stmt)
{
  MamoriAuditFinding *f = g_new0 (MamoriAuditFinding, 1);

  f->id = sqlite3_column_int64 (stmt, 0);
  f->uuid = mamori_column_dup (stmt, 1);
  f->section_id = sqlite3_column_int64 (stmt, 2);
  f->section_name = mamori_column_dup (stmt, 3);
  f->item_code = mamori_column_dup (stmt, 4);
  f->auditor_name = mamori_column_dup (stmt, 5);
  f->severity = mamori_column_dup (stmt, 6);
  f->finding = mamori_column_dup (stmt, 7);
  f->found_on = mamori_column_dup (stmt, 8);
  return f;
}

/**
 * mamori_audit_findings:
 * @section_id: 0 for every section
 *
 * Returns: (transfer full) (element-type MamoriAuditFinding):
 */
GPtrArray *
mamori_audit_findings (MamoriStore  *store,
                       gint64        cycle_id,
                       gint64        section_id,
                       GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store,
    "SELECT f.id, f.uuid, f.section_id, s.name, ci.code, p.name, f.severity, f.finding, "
    "f.found_on FROM audit_findings AS f JOIN sections AS s ON s.id = f.section_id "
    "JOIN people AS p ON p.id = f.auditor_id "
    "LEFT JOIN catalogue_items AS ci ON ci.id = f.item_id "
    "WHERE f.cycle_id = ?1 AND (?2 = 0 OR f.section_id = ?2) ORDER BY s.code, f.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, cycle_id);
  sqlite3_bind_int64 (stmt, 2, section_id);
  return mamori_rows_collect (store, stmt, (MamoriRowFunc)finding_from_row,
                              (GDestroyNotify)mamori_audit_finding_free, error);
}

/* Evaluation --------------------------------------------------------------------------------- */

/**
 * mamori_evaluation_set:
 * @rating: adequate, improvement-needed or inadequate
 * @circumstances: (nullable): the changes in circumstances the evaluation weighed
 *
 * Records (or changes) management's evaluation of one chapter in the cycle.
 */
gboolean
mamori_evaluation_set (MamoriStore  *store,
                       gint64        cycle_id,
                       const char   *chapter_ref,
                       const char   *rating,
                       const char   *assessment,
                       const char   *circumstances,
                       gint64       *out_id,
                       GError      **error)
{
  g_autoptr(MamoriCycle) cycle = mamori_cycle_get (store, cycle_id, error);
  g_autofree char *uuid = NULL;
  g_autofree char *today = mamori_date_today_iso ();
  MamoriAuditAction action;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (cycle == NULL ||
      !mamori_inspection_check_act (store, MAMORI_INSPECTION_ACT_EVALUATE, 0, error))
    return FALSE;
  if (!one_of (rating, "adequate", "improvement-needed", "inadequate", NULL))
    {
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_INVALID,
                   _("An evaluation is adequate, improvement-needed or inadequate, not “%s”."),
                   rating ? rating : "");
      return FALSE;
    }
  if (mamori_text_is_blank (assessment))
    {
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_INVALID,
                   _("The evaluation of %s needs its assessment in words."),
                   chapter_ref ? chapter_ref : "");
      return FALSE;
    }
  stmt = mamori_store_prepare (store, "SELECT 1 FROM catalogue_items WHERE standard_id = ? "
                               "AND chapter_ref = ? LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cycle->standard_id);
  mamori_bind_text (stmt, 2, chapter_ref);
  ok = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!ok)
    {
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_INVALID,
                   _("“%s” is not a chapter of the catalogue of “%s”."),
                   chapter_ref ? chapter_ref : "", cycle->title);
      return FALSE;
    }

  stmt = mamori_store_prepare (store, "SELECT uuid FROM evaluations WHERE cycle_id = ? "
                               "AND chapter_ref = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cycle_id);
  mamori_bind_text (stmt, 2, chapter_ref);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    uuid = mamori_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  action = uuid ? MAMORI_AUDIT_UPDATE : MAMORI_AUDIT_INSERT;
  if (!mamori_store_begin (store, error))
    return FALSE;
  if (uuid == NULL)
    uuid = mamori_store_new_uuid (store);
  stmt = mamori_store_prepare (store, action == MAMORI_AUDIT_INSERT
    ? "INSERT INTO evaluations (uuid, cycle_id, chapter_ref, rating, assessment, circumstances, "
      "evaluated_by, evaluated_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    : "UPDATE evaluations SET rating = ?4, assessment = ?5, circumstances = ?6, "
      "evaluated_by = ?7, evaluated_on = ?8 WHERE uuid = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      mamori_bind_text (stmt, 1, uuid);
      sqlite3_bind_int64 (stmt, 2, cycle_id);
      mamori_bind_text (stmt, 3, chapter_ref);
      mamori_bind_text (stmt, 4, rating);
      mamori_bind_text (stmt, 5, assessment);
      mamori_bind_text (stmt, 6, circumstances ? circumstances : "");
      mamori_bind_text (stmt, 7, mamori_store_get_actor (store));
      mamori_bind_text (stmt, 8, today);
      ok = mamori_store_audited_step (store, "evaluations", uuid, action, stmt, error);
    }
  if (ok && out_id && action == MAMORI_AUDIT_INSERT)
    *out_id = mamori_store_get_last_insert_id (store);
  else if (ok && out_id)
    {
      stmt = mamori_store_prepare (store, "SELECT id FROM evaluations WHERE uuid = ?", error);
      ok = stmt != NULL;
      if (ok)
        {
          mamori_bind_text (stmt, 1, uuid);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            *out_id = sqlite3_column_int64 (stmt, 0);
          sqlite3_reset (stmt);
        }
    }
  return mamori_write_end (store, ok, error);
}

/**
 * mamori_evaluation_chapters:
 *
 * Returns: (transfer full) (element-type MamoriChapterEvaluation): every chapter of the
 *   cycle's catalogue with its 実施率 (and last cycle's), its audit findings and its
 *   evaluation if made
 */
GPtrArray *
mamori_evaluation_chapters (MamoriStore  *store,
                            gint64        cycle_id,
                            GError      **error)
{
  g_autoptr(MamoriRollup) rollup = mamori_rollup_compute (store, cycle_id, error);
  g_autoptr(GPtrArray) chapters = NULL;
  sqlite3_stmt *stmt;

  if (rollup == NULL)
    return NULL;
  chapters = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_chapter_evaluation_free);
  stmt = mamori_store_prepare (store,
    "SELECT coalesce (e.id, 0), e.rating, e.assessment, e.circumstances, e.evaluated_by, "
    "e.evaluated_on, (SELECT count (*) FROM audit_findings AS f "
    " JOIN catalogue_items AS ci ON ci.id = f.item_id "
    " WHERE f.cycle_id = ?1 AND ci.chapter_ref = ?2) "
    "FROM (SELECT 1) LEFT JOIN evaluations AS e ON e.cycle_id = ?1 AND e.chapter_ref = ?2",
    error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < rollup->by_chapter->len; i++)
    {
      MamoriRollupRow *row = g_ptr_array_index (rollup->by_chapter, i);
      MamoriChapterEvaluation *e = g_new0 (MamoriChapterEvaluation, 1);

      e->chapter_ref = g_strdup (row->key);
      e->chapter_title = g_strdup (row->label);
      e->rate = row->rate;
      e->previous_rate = row->previous_rate;
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, cycle_id);
      mamori_bind_text (stmt, 2, row->key);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          e->evaluation_id = sqlite3_column_int64 (stmt, 0);
          e->rating = mamori_column_dup (stmt, 1);
          e->assessment = mamori_column_dup (stmt, 2);
          e->circumstances = mamori_column_dup (stmt, 3);
          e->evaluated_by = mamori_column_dup (stmt, 4);
          e->evaluated_on = mamori_column_dup (stmt, 5);
          e->audit_findings = sqlite3_column_int (stmt, 6);
        }
      g_ptr_array_add (chapters, e);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&chapters);
}

/* Review ------------------------------------------------------------------------------------- */

gboolean
mamori_review_propose (MamoriStore  *store,
                       gint64        evaluation_id,
                       const char   *ref,
                       const char   *proposal,
                       gint64       *out_id,
                       GError      **error)
{
  g_autofree char *uuid = NULL;
  g_autofree char *text = mamori_text_strip_dup (proposal);
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!mamori_inspection_check_act (store, MAMORI_INSPECTION_ACT_EVALUATE, 0, error))
    return FALSE;
  if (mamori_text_is_blank (text))
    {
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_INVALID,
                   _("The review proposal needs its text: what should change."));
      return FALSE;
    }
  stmt = mamori_store_prepare (store, "SELECT 1 FROM evaluations WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, evaluation_id);
  ok = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!ok)
    {
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_NOT_FOUND,
                   _("A review proposal comes out of an evaluation: evaluate the chapter "
                     "first."));
      return FALSE;
    }
  if (!mamori_store_begin (store, error))
    return FALSE;
  uuid = mamori_store_new_uuid (store);
  stmt = mamori_store_prepare (store, "INSERT INTO review_proposals (uuid, evaluation_id, ref, "
                               "proposal) VALUES (?, ?, ?, ?)", error);
  ok = stmt != NULL;
  if (ok)
    {
      mamori_bind_text (stmt, 1, uuid);
      sqlite3_bind_int64 (stmt, 2, evaluation_id);
      mamori_bind_text (stmt, 3, ref ? ref : "");
      mamori_bind_text (stmt, 4, text);
      ok = mamori_store_audited_step (store, "review_proposals", uuid, MAMORI_AUDIT_INSERT, stmt,
                                      error);
    }
  if (ok && out_id)
    *out_id = mamori_store_get_last_insert_id (store);
  return mamori_write_end (store, ok, error);
}

gboolean
mamori_review_decide (MamoriStore  *store,
                      gint64        proposal_id,
                      const char   *status,
                      GError      **error)
{
  g_autofree char *uuid = NULL;
  g_autofree char *today = mamori_date_today_iso ();
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!mamori_inspection_check_act (store, MAMORI_INSPECTION_ACT_EVALUATE, 0, error))
    return FALSE;
  if (!one_of (status, "adopted", "rejected", NULL))
    {
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_INVALID,
                   _("A review proposal is adopted or rejected, not “%s”."), status ? status : "");
      return FALSE;
    }
  stmt = mamori_store_prepare (store, "SELECT uuid FROM review_proposals WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, proposal_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    uuid = mamori_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (uuid == NULL)
    {
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_NOT_FOUND,
                   _("The review proposal no longer exists."));
      return FALSE;
    }
  if (!mamori_store_begin (store, error))
    return FALSE;
  stmt = mamori_store_prepare (store, "UPDATE review_proposals SET status = ?2, decided_on = ?3 "
                               "WHERE uuid = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      mamori_bind_text (stmt, 1, uuid);
      mamori_bind_text (stmt, 2, status);
      mamori_bind_text (stmt, 3, today);
      ok = mamori_store_audited_step (store, "review_proposals", uuid, MAMORI_AUDIT_UPDATE, stmt,
                                      error);
    }
  return mamori_write_end (store, ok, error);
}

static MamoriReviewProposal *
proposal_from_row (sqlite3_stmt *stmt)
{
  MamoriReviewProposal *p = g_new0 (MamoriReviewProposal, 1);

  p->id = sqlite3_column_int64 (stmt, 0);
  p->uuid = mamori_column_dup (stmt, 1);
  p->evaluation_id = sqlite3_column_int64 (stmt, 2);
  p->chapter_ref = mamori_column_dup (stmt, 3);
  p->ref = mamori_column_dup (stmt, 4);
  p->proposal = mamori_column_dup (stmt, 5);
  p->status = mamori_column_dup (stmt, 6);
  p->decided_on = mamori_column_dup (stmt, 7);
  return p;
}

/**
 * mamori_review_list:
 *
 * Returns: (transfer full) (element-type MamoriReviewProposal): the cycle's proposals
 */
GPtrArray *
mamori_review_list (MamoriStore  *store,
                    gint64        cycle_id,
                    GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store,
    "SELECT p.id, p.uuid, p.evaluation_id, e.chapter_ref, p.ref, p.proposal, p.status, "
    "p.decided_on FROM review_proposals AS p JOIN evaluations AS e ON e.id = p.evaluation_id "
    "WHERE e.cycle_id = ? ORDER BY p.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, cycle_id);
  return mamori_rows_collect (store, stmt, (MamoriRowFunc)proposal_from_row,
                              (GDestroyNotify)mamori_review_proposal_free, error);
}
