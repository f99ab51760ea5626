/* mamori-standard.c — the security standard as data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A standard arrives as an XML file valid against mamori-standard-1.xsd and is copied into
 * the database, where the rest of Mamori reads it.  Nothing about a particular municipality
 * is written here: the file carries the articles, roles, classes, criteria, measures, steps,
 * catalogue and clauses; this module knows only their shape.
 *
 * Loading is all or nothing: the file is parsed safely, validated against the schema, written
 * in one transaction, checked for consistency and committed only if every check passes.
 */

#include "config.h"

#include "mamori-standard.h"
#include "mamori-text.h"
#include "mamori-xml.h"

#include <glib/gi18n.h>
#include <libxml/tree.h>
#include <string.h>

G_DEFINE_QUARK (mamori-standard-error-quark, mamori_standard_error)

/* How Japanese legal drafting marks a duty or a prohibition: ～しなければならない,
 * ～てはならない, ～努めなければならない, ～ものとする.  A convention of the language of
 * statutes, not of any one standard. */
static const char *duty_phrases[] = {
  "なければならない",
  "てはならない",
  "ものとする",
};

#define MAX_ARTICLE_DEPTH 8

typedef struct
{
  MamoriStore *store;
  const char  *name;
  gint64       standard_id;
  int          ordinal;
} Loader;

gboolean
mamori_standard_text_imposes_duty (const char *text)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (duty_phrases); i++)
    if (strstr (text, duty_phrases[i]) != NULL)
      return TRUE;
  return FALSE;
}

void
mamori_standard_info_free (MamoriStandardInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->code);
  g_free (info->version);
  g_free (info->catalogue_version);
  g_free (info->title);
  g_free (info->title_en);
  g_free (info->issuer);
  g_free (info->sha256);
  g_free (info->loaded_at);
  g_free (info);
}

static gboolean
inconsistent (Loader      *loader,
              xmlNode     *node,
              GError     **error,
              const char  *format,
              ...) G_GNUC_PRINTF (4, 5);

static gboolean
inconsistent (Loader      *loader,
              xmlNode     *node,
              GError     **error,
              const char  *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, MAMORI_STANDARD_ERROR, MAMORI_STANDARD_ERROR_INCONSISTENT,
               _("“%s”, line %d: %s"), loader->name, node ? (int)node->line : 0, message);
  return FALSE;
}

/* Runs a prepared INSERT bound by the caller. */
static gboolean
run (Loader        *loader,
     sqlite3_stmt  *stmt,
     GError       **error)
{
  return mamori_store_step_done (loader->store, stmt, error);
}

static sqlite3_stmt *
prepare (Loader      *loader,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = mamori_store_prepare (loader->store, sql, error);

  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, loader->standard_id);
  return stmt;
}

/* Each element kind ------------------------------------------------------------------------ */

static gboolean
load_roles (Loader   *loader,
            xmlNode  *roles,
            GError  **error)
{
  int ordinal = 0;

  for (xmlNode *n = roles->children; n; n = n->next)
    {
      sqlite3_stmt *stmt;

      if (!mamori_xml_is (n, "role"))
        continue;
      stmt = prepare (loader, "INSERT INTO standard_roles (standard_id, code, function, name, "
                              "name_en, ordinal) VALUES (?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      mamori_bind_text (stmt, 2, mamori_xml_attr (n, "code"));
      mamori_bind_text (stmt, 3, mamori_xml_attr (n, "function"));
      mamori_bind_text (stmt, 4, mamori_xml_attr (n, "name"));
      mamori_bind_text (stmt, 5, mamori_xml_attr (n, "name-en") ?: "");
      sqlite3_bind_int (stmt, 6, ordinal++);
      if (!run (loader, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_article (Loader      *loader,
              xmlNode     *node,
              const char  *parent_ref,
              int          depth,
              GError     **error)
{
  const char *ref = mamori_xml_attr (node, "ref");
  g_autofree char *title = mamori_xml_child_text (node, "title");
  g_autofree char *title_en = mamori_xml_child_text (node, "title-en");
  g_autofree char *body = mamori_xml_child_text (node, "text");
  g_autofree char *gloss = mamori_xml_child_text (node, "gloss");
  g_autofree char *note = mamori_xml_child_text (node, "note");
  g_autofree char *joined = NULL;
  g_autofree char *search = NULL;
  sqlite3_stmt *stmt;

  if (depth >= MAX_ARTICLE_DEPTH)
    return inconsistent (loader, node, error,
                         _("article %s is nested more than %d levels deep."), ref,
                         MAX_ARTICLE_DEPTH);

  if (parent_ref != NULL && !(g_str_has_prefix (ref, parent_ref) &&
                              ref[strlen (parent_ref)] == '-' &&
                              strchr (ref + strlen (parent_ref) + 1, '-') == NULL))
    return inconsistent (loader, node, error,
                         _("article %s is placed inside %s, but its reference does not "
                           "continue that of its parent."), ref, parent_ref);
  if (parent_ref == NULL && strchr (ref, '-') != NULL)
    return inconsistent (loader, node, error,
                         _("article %s is at the top level, but its reference is that of a "
                           "sub-article."), ref);

  joined = g_strjoin (" ", ref, title ?: "", title_en ?: "", body ?: "", gloss ?: "", NULL);
  search = mamori_text_fold (joined);

  stmt = prepare (loader, "INSERT INTO articles (standard_id, ref, parent_ref, number, depth, "
                          "ordinal, title, title_en, body, gloss, note, duty, search_text) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 2, ref);
  mamori_bind_text (stmt, 3, parent_ref);
  mamori_bind_text (stmt, 4, mamori_xml_attr (node, "number"));
  sqlite3_bind_int (stmt, 5, depth);
  sqlite3_bind_int (stmt, 6, loader->ordinal++);
  mamori_bind_text (stmt, 7, title ?: "");
  mamori_bind_text (stmt, 8, title_en ?: "");
  mamori_bind_text (stmt, 9, body ?: "");
  mamori_bind_text (stmt, 10, gloss ?: "");
  mamori_bind_text (stmt, 11, note ?: "");
  sqlite3_bind_int (stmt, 12, mamori_standard_text_imposes_duty (body));
  mamori_bind_text (stmt, 13, search);
  if (!run (loader, stmt, error))
    return FALSE;

  for (xmlNode *child = node->children; child; child = child->next)
    if (mamori_xml_is (child, "article") && !load_article (loader, child, ref, depth + 1, error))
      return FALSE;
  return TRUE;
}

static gboolean
load_classification (Loader   *loader,
                     xmlNode  *classification,
                     GError  **error)
{
  for (xmlNode *c = classification->children; c; c = c->next)
    {
      sqlite3_stmt *stmt;
      const char *class_code;
      int ordinal = 0;

      if (!mamori_xml_is (c, "class"))
        continue;
      class_code = mamori_xml_attr (c, "code");
      stmt = prepare (loader, "INSERT INTO classification_classes (standard_id, code, name, "
                              "name_en, ref, rank, requires_criterion) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      mamori_bind_text (stmt, 2, class_code);
      mamori_bind_text (stmt, 3, mamori_xml_attr (c, "name"));
      mamori_bind_text (stmt, 4, mamori_xml_attr (c, "name-en") ?: "");
      mamori_bind_text (stmt, 5, mamori_xml_attr (c, "ref"));
      sqlite3_bind_int (stmt, 6, atoi (mamori_xml_attr (c, "rank")));
      sqlite3_bind_int (stmt, 7, mamori_xml_attr_bool (c, "requires-criterion", FALSE));
      if (!run (loader, stmt, error))
        return FALSE;

      if (mamori_xml_attr_bool (c, "requires-criterion", FALSE) &&
          mamori_xml_child (c, "criterion") == NULL)
        return inconsistent (loader, c, error,
                             _("class %s requires a criterion but lists none."), class_code);

      for (xmlNode *k = c->children; k; k = k->next)
        {
          g_autofree char *body = NULL;
          g_autofree char *gloss = NULL;

          if (!mamori_xml_is (k, "criterion"))
            continue;
          body = mamori_xml_child_text (k, "text");
          gloss = mamori_xml_child_text (k, "gloss");
          stmt = prepare (loader, "INSERT INTO classification_criteria (standard_id, "
                                  "class_code, code, ref, body, gloss, ordinal) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
          if (stmt == NULL)
            return FALSE;
          mamori_bind_text (stmt, 2, class_code);
          mamori_bind_text (stmt, 3, mamori_xml_attr (k, "code"));
          mamori_bind_text (stmt, 4, mamori_xml_attr (k, "ref"));
          mamori_bind_text (stmt, 5, body);
          mamori_bind_text (stmt, 6, gloss ?: "");
          sqlite3_bind_int (stmt, 7, ordinal++);
          if (!run (loader, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
load_area_classes (Loader   *loader,
                   xmlNode  *areas,
                   GError  **error)
{
  for (xmlNode *a = areas->children; a; a = a->next)
    {
      g_autofree char *description = NULL;
      g_autofree char *description_en = NULL;
      sqlite3_stmt *stmt;
      const char *code;
      int ordinal = 0;

      if (!mamori_xml_is (a, "area-class"))
        continue;
      code = mamori_xml_attr (a, "code");
      description = mamori_xml_child_text (a, "description");
      description_en = mamori_xml_child_text (a, "description-en");
      stmt = prepare (loader, "INSERT INTO area_classes (standard_id, code, name, name_en, ref, "
                              "rank, description, description_en) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      mamori_bind_text (stmt, 2, code);
      mamori_bind_text (stmt, 3, mamori_xml_attr (a, "name"));
      mamori_bind_text (stmt, 4, mamori_xml_attr (a, "name-en") ?: "");
      mamori_bind_text (stmt, 5, mamori_xml_attr (a, "ref"));
      sqlite3_bind_int (stmt, 6, atoi (mamori_xml_attr (a, "rank")));
      mamori_bind_text (stmt, 7, description);
      mamori_bind_text (stmt, 8, description_en ?: "");
      if (!run (loader, stmt, error))
        return FALSE;

      for (xmlNode *m = a->children; m; m = m->next)
        {
          g_autofree char *body = NULL;
          g_autofree char *gloss = NULL;

          if (!mamori_xml_is (m, "measure"))
            continue;
          body = mamori_xml_child_text (m, "text");
          gloss = mamori_xml_child_text (m, "gloss");
          stmt = prepare (loader, "INSERT INTO area_measures (standard_id, area_class, code, "
                                  "ref, body, gloss, ordinal) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          error);
          if (stmt == NULL)
            return FALSE;
          mamori_bind_text (stmt, 2, code);
          mamori_bind_text (stmt, 3, mamori_xml_attr (m, "code"));
          mamori_bind_text (stmt, 4, mamori_xml_attr (m, "ref"));
          mamori_bind_text (stmt, 5, body);
          mamori_bind_text (stmt, 6, gloss ?: "");
          sqlite3_bind_int (stmt, 7, ordinal++);
          if (!run (loader, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
load_incident_steps (Loader   *loader,
                     xmlNode  *steps,
                     GError  **error)
{
  int ordinal = 0;

  for (xmlNode *s = steps->children; s; s = s->next)
    {
      g_autofree char *body = NULL;
      g_autofree char *gloss = NULL;
      sqlite3_stmt *stmt;

      if (!mamori_xml_is (s, "step"))
        continue;
      body = mamori_xml_child_text (s, "text");
      gloss = mamori_xml_child_text (s, "gloss");
      stmt = prepare (loader, "INSERT INTO incident_steps (standard_id, code, ref, body, gloss, "
                              "ordinal) VALUES (?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      mamori_bind_text (stmt, 2, mamori_xml_attr (s, "code"));
      mamori_bind_text (stmt, 3, mamori_xml_attr (s, "ref"));
      mamori_bind_text (stmt, 4, body);
      mamori_bind_text (stmt, 5, gloss ?: "");
      sqlite3_bind_int (stmt, 6, ordinal++);
      if (!run (loader, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_scale (Loader   *loader,
            xmlNode  *scale,
            GError  **error)
{
  const char *scale_code = mamori_xml_attr (scale, "code");
  int ordinal = 0, complied = 0, not_applicable = 0;

  for (xmlNode *a = scale->children; a; a = a->next)
    {
      const char *meaning;
      sqlite3_stmt *stmt;

      if (!mamori_xml_is (a, "answer"))
        continue;
      meaning = mamori_xml_attr (a, "meaning");
      complied += g_strcmp0 (meaning, "complied") == 0;
      not_applicable += g_strcmp0 (meaning, "not-applicable") == 0;
      stmt = prepare (loader, "INSERT INTO answer_options (standard_id, scale, scale_name, code, "
                              "meaning, label, label_en, requires, ordinal) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      mamori_bind_text (stmt, 2, scale_code);
      mamori_bind_text (stmt, 3, mamori_xml_attr (scale, "name"));
      mamori_bind_text (stmt, 4, mamori_xml_attr (a, "code"));
      mamori_bind_text (stmt, 5, meaning);
      mamori_bind_text (stmt, 6, mamori_xml_attr (a, "label"));
      mamori_bind_text (stmt, 7, mamori_xml_attr (a, "label-en") ?: "");
      mamori_bind_text (stmt, 8, mamori_xml_attr (a, "requires") ?: "none");
      sqlite3_bind_int (stmt, 9, ordinal++);
      if (!run (loader, stmt, error))
        return FALSE;
    }

  /* The roll-up counts 実施 ÷ (answers − 該当なし): each scale needs exactly one of each. */
  if (complied != 1 || not_applicable > 1)
    return inconsistent (loader, scale, error,
                         _("answer scale %s must have exactly one answer meaning “complied” "
                           "and at most one meaning “not applicable”."), scale_code);
  return TRUE;
}

static gboolean
load_item (Loader      *loader,
           xmlNode     *item,
           const char  *chapter_ref,
           int          ordinal,
           GError     **error)
{
  g_autofree char *question = mamori_xml_child_text (item, "question");
  g_autofree char *gloss = mamori_xml_child_text (item, "gloss");
  g_autofree char *iso = mamori_xml_child_text (item, "iso");
  g_autofree char *note = mamori_xml_child_text (item, "note");
  g_autofree char *joined = NULL;
  g_autofree char *search = NULL;
  const char *code = mamori_xml_attr (item, "code");
  sqlite3_stmt *stmt;
  gint64 item_id;

  joined = g_strjoin (" ", code, question, gloss ?: "", NULL);
  search = mamori_text_fold (joined);

  stmt = prepare (loader, "INSERT INTO catalogue_items (standard_id, code, chapter_ref, scale, "
                          "question, gloss, iso, note, evidence_required, prohibition, "
                          "supplementary, ordinal, search_text) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 2, code);
  mamori_bind_text (stmt, 3, chapter_ref);
  mamori_bind_text (stmt, 4, mamori_xml_attr (item, "scale"));
  mamori_bind_text (stmt, 5, question);
  mamori_bind_text (stmt, 6, gloss ?: "");
  mamori_bind_text (stmt, 7, iso ?: "");
  mamori_bind_text (stmt, 8, note ?: "");
  sqlite3_bind_int (stmt, 9, mamori_xml_attr_bool (item, "evidence-required", FALSE));
  sqlite3_bind_int (stmt, 10, mamori_xml_attr_bool (item, "prohibition", FALSE));
  sqlite3_bind_int (stmt, 11, mamori_xml_attr_bool (item, "supplementary", FALSE));
  sqlite3_bind_int (stmt, 12, ordinal);
  mamori_bind_text (stmt, 13, search);
  if (!run (loader, stmt, error))
    return FALSE;
  item_id = sqlite3_last_insert_rowid (mamori_store_get_db (loader->store));

  for (xmlNode *n = item->children; n; n = n->next)
    {
      gboolean cite = mamori_xml_is (n, "cite");

      if (!cite && !mamori_xml_is (n, "respondent"))
        continue;
      stmt = mamori_store_prepare (loader->store,
                                   cite ? "INSERT OR IGNORE INTO item_citations (item_id, ref) "
                                          "VALUES (?, ?)"
                                        : "INSERT OR IGNORE INTO item_respondents (item_id, "
                                          "role_code) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, item_id);
      mamori_bind_text (stmt, 2, mamori_xml_attr (n, cite ? "ref" : "role"));
      if (!run (loader, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_catalogue (Loader   *loader,
                xmlNode  *catalogue,
                GError  **error)
{
  int ordinal = 0;

  for (xmlNode *n = catalogue->children; n; n = n->next)
    {
      if (mamori_xml_is (n, "scale") && !load_scale (loader, n, error))
        return FALSE;
      if (!mamori_xml_is (n, "chapter"))
        continue;
      for (xmlNode *item = n->children; item; item = item->next)
        if (mamori_xml_is (item, "item") &&
            !load_item (loader, item, mamori_xml_attr (n, "ref"), ordinal++, error))
          return FALSE;
    }
  return TRUE;
}

static gboolean
load_clause_set (Loader   *loader,
                 xmlNode  *set,
                 GError  **error)
{
  g_autofree char *title = mamori_xml_child_text (set, "title");
  g_autofree char *title_en = mamori_xml_child_text (set, "title-en");
  const char *kind = mamori_xml_attr (set, "kind");
  sqlite3_stmt *stmt;
  int ordinal = 0;

  stmt = prepare (loader, "INSERT INTO clause_sets (standard_id, kind, ref, title, title_en) "
                          "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 2, kind);
  mamori_bind_text (stmt, 3, mamori_xml_attr (set, "ref"));
  mamori_bind_text (stmt, 4, title);
  mamori_bind_text (stmt, 5, title_en ?: "");
  if (!run (loader, stmt, error))
    {
      if (g_error_matches (*error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_CONSTRAINT))
        {
          g_clear_error (error);
          return inconsistent (loader, set, error, _("there are two clause sets of kind %s."),
                               kind);
        }
      return FALSE;
    }

  for (xmlNode *c = set->children; c; c = c->next)
    {
      g_autofree char *body = NULL;
      g_autofree char *gloss = NULL;
      gboolean mandatory;

      if (!mamori_xml_is (c, "clause"))
        continue;
      mandatory = mamori_xml_attr_bool (c, "mandatory", FALSE);
      if (mandatory && mamori_xml_attr (c, "ref") == NULL)
        return inconsistent (loader, c, error,
                             _("clause %s is mandatory but cites no article of the standard."),
                             mamori_xml_attr (c, "code"));
      body = mamori_xml_child_text (c, "text");
      gloss = mamori_xml_child_text (c, "gloss");
      stmt = prepare (loader, "INSERT INTO clauses (standard_id, kind, code, ref, body, gloss, "
                              "mandatory, source, ordinal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      error);
      if (stmt == NULL)
        return FALSE;
      mamori_bind_text (stmt, 2, kind);
      mamori_bind_text (stmt, 3, mamori_xml_attr (c, "code"));
      mamori_bind_text (stmt, 4, mamori_xml_attr (c, "ref"));
      mamori_bind_text (stmt, 5, body);
      mamori_bind_text (stmt, 6, gloss ?: "");
      sqlite3_bind_int (stmt, 7, mandatory);
      mamori_bind_text (stmt, 8, mamori_xml_attr (c, "source") ?: "");
      sqlite3_bind_int (stmt, 9, ordinal++);
      if (!run (loader, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_operational_check (Loader   *loader,
                        xmlNode  *check,
                        int       ordinal,
                        GError  **error)
{
  g_autofree char *body = mamori_xml_child_text (check, "text");
  g_autofree char *gloss = mamori_xml_child_text (check, "gloss");
  sqlite3_stmt *stmt;
  gint64 check_id;

  stmt = prepare (loader, "INSERT INTO operational_checks (standard_id, kind, code, body, gloss, "
                          "ordinal) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 2, mamori_xml_attr (check, "kind"));
  mamori_bind_text (stmt, 3, mamori_xml_attr (check, "code"));
  mamori_bind_text (stmt, 4, body);
  mamori_bind_text (stmt, 5, gloss ?: "");
  sqlite3_bind_int (stmt, 6, ordinal);
  if (!run (loader, stmt, error))
    return FALSE;
  check_id = sqlite3_last_insert_rowid (mamori_store_get_db (loader->store));

  for (xmlNode *n = check->children; n; n = n->next)
    {
      if (!mamori_xml_is (n, "cite"))
        continue;
      stmt = mamori_store_prepare (loader->store,
                                   "INSERT OR IGNORE INTO operational_check_citations "
                                   "(check_id, ref) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, check_id);
      mamori_bind_text (stmt, 2, mamori_xml_attr (n, "ref"));
      if (!run (loader, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_clause_sets (Loader   *loader,
                  xmlNode  *sets,
                  GError  **error)
{
  int ordinal = 0;

  for (xmlNode *n = sets->children; n; n = n->next)
    {
      if (mamori_xml_is (n, "clause-set") && !load_clause_set (loader, n, error))
        return FALSE;
      if (mamori_xml_is (n, "operational-check") &&
          !load_operational_check (loader, n, ordinal++, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_rules (Loader   *loader,
            xmlNode  *rules,
            GError  **error)
{
  /* Optional: a standard without <rules> enables no check. */
  for (xmlNode *r = rules ? rules->children : NULL; r; r = r->next)
    {
      g_autofree char *body = NULL;
      g_autofree char *gloss = NULL;
      sqlite3_stmt *stmt;

      if (!mamori_xml_is (r, "rule"))
        continue;
      body = mamori_xml_child_text (r, "text");
      gloss = mamori_xml_child_text (r, "gloss");
      stmt = prepare (loader, "INSERT INTO standard_rules (standard_id, code, ref, body, gloss) "
                              "VALUES (?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      mamori_bind_text (stmt, 2, mamori_xml_attr (r, "code"));
      mamori_bind_text (stmt, 3, mamori_xml_attr (r, "ref"));
      mamori_bind_text (stmt, 4, body);
      mamori_bind_text (stmt, 5, gloss ? gloss : "");
      if (!run (loader, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Consistency that the schema cannot express. */
static gboolean
check_consistency (Loader   *loader,
                   xmlNode  *root,
                   GError  **error)
{
  static const struct
  {
    const char *sql;
    const char *message;
  } checks[] = {
    { "SELECT function FROM standard_roles WHERE standard_id = ?1 "
      "GROUP BY function HAVING count (*) > 1",
      N_("two roles have the function “%s”; each function may be given to one role only.") },
    { "SELECT c.chapter_ref FROM catalogue_items AS c JOIN articles AS a "
      "ON a.standard_id = c.standard_id AND a.ref = c.chapter_ref "
      "WHERE c.standard_id = ?1 AND a.depth <> 0",
      N_("the catalogue chapter %s is not a chapter (a top-level article) of the standard.") },
    { "SELECT rank FROM classification_classes WHERE standard_id = ?1 "
      "GROUP BY rank HAVING count (*) > 1",
      N_("two classification classes share the rank %s.") },
    { "SELECT rank FROM area_classes WHERE standard_id = ?1 "
      "GROUP BY rank HAVING count (*) > 1",
      N_("two managed-area classes share the rank %s.") },
    { "SELECT function FROM (SELECT 'section-officer' AS function) AS f "
      "WHERE NOT EXISTS (SELECT 1 FROM standard_roles WHERE standard_id = ?1 "
      "                  AND function = f.function)",
      N_("no role has the function “%s”; Mamori needs to know who is responsible for a section.") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      sqlite3_stmt *stmt = mamori_store_prepare (loader->store, checks[i].sql, error);
      g_autofree char *value = NULL;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, loader->standard_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = g_strdup (mamori_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (value != NULL)
        {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
          /* The messages are the literals above, each with one %s. */
          return inconsistent (loader, root, error, _(checks[i].message), value);
#pragma GCC diagnostic pop
        }
    }
  return TRUE;
}

static gboolean
insert_standard (Loader      *loader,
                 xmlNode     *root,
                 const char  *sha256,
                 GError     **error)
{
  g_autofree char *title = mamori_xml_child_text (root, "title");
  g_autofree char *title_en = mamori_xml_child_text (root, "title-en");
  g_autofree char *issuer = mamori_xml_child_text (root, "issuer");
  g_autofree char *now = mamori_timestamp_now ();
  xmlNode *catalogue = mamori_xml_child (root, "catalogue");
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (loader->store,
                               "INSERT INTO standards (code, version, catalogue_version, title, "
                               "title_en, issuer, source_sha256, loaded_at) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, mamori_xml_attr (root, "code"));
  mamori_bind_text (stmt, 2, mamori_xml_attr (root, "version"));
  mamori_bind_text (stmt, 3, mamori_xml_attr (catalogue, "version"));
  mamori_bind_text (stmt, 4, title);
  mamori_bind_text (stmt, 5, title_en ?: "");
  mamori_bind_text (stmt, 6, issuer);
  mamori_bind_text (stmt, 7, sha256);
  mamori_bind_text (stmt, 8, now);
  if (!run (loader, stmt, error))
    return FALSE;
  loader->standard_id = sqlite3_last_insert_rowid (mamori_store_get_db (loader->store));

  for (xmlNode *n = root->children; n; n = n->next)
    {
      if (!mamori_xml_is (n, "revision"))
        continue;
      stmt = prepare (loader, "INSERT INTO standard_revisions (standard_id, date, in_force, "
                              "number) VALUES (?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      mamori_bind_text (stmt, 2, mamori_xml_attr (n, "date"));
      mamori_bind_text (stmt, 3, mamori_xml_attr (n, "in-force"));
      mamori_bind_text (stmt, 4, mamori_xml_attr (n, "number") ?: "");
      if (!run (loader, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_tree (Loader      *loader,
           xmlNode     *root,
           const char  *sha256,
           GError     **error)
{
  xmlNode *articles = mamori_xml_child (root, "articles");

  if (!insert_standard (loader, root, sha256, error) ||
      !load_roles (loader, mamori_xml_child (root, "roles"), error))
    return FALSE;

  for (xmlNode *a = articles->children; a; a = a->next)
    if (mamori_xml_is (a, "article") && !load_article (loader, a, NULL, 0, error))
      return FALSE;

  return load_classification (loader, mamori_xml_child (root, "classification"), error) &&
         load_rules (loader, mamori_xml_child (root, "rules"), error) &&
         load_area_classes (loader, mamori_xml_child (root, "area-classes"), error) &&
         load_incident_steps (loader, mamori_xml_child (root, "incident-steps"), error) &&
         load_catalogue (loader, mamori_xml_child (root, "catalogue"), error) &&
         load_clause_sets (loader, mamori_xml_child (root, "clause-sets"), error) &&
         check_consistency (loader, root, error);
}

/* Returns the id of an identical standard already loaded, 0 if none; fails if the same
 * version is loaded with other content. */
static gboolean
find_loaded (MamoriStore  *store,
             xmlNode      *root,
             const char   *sha256,
             const char   *name,
             gint64       *out_id,
             GError      **error)
{
  xmlNode *catalogue = mamori_xml_child (root, "catalogue");
  sqlite3_stmt *stmt;
  g_autofree char *loaded_sha = NULL;

  *out_id = 0;
  stmt = mamori_store_prepare (store,
                               "SELECT id, source_sha256 FROM standards WHERE code = ? "
                               "AND version = ? AND catalogue_version = ?", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, mamori_xml_attr (root, "code"));
  mamori_bind_text (stmt, 2, mamori_xml_attr (root, "version"));
  mamori_bind_text (stmt, 3, mamori_xml_attr (catalogue, "version"));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *out_id = sqlite3_column_int64 (stmt, 0);
      loaded_sha = g_strdup (mamori_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);

  if (*out_id != 0 && g_strcmp0 (loaded_sha, sha256) != 0)
    {
      g_set_error (error, MAMORI_STANDARD_ERROR, MAMORI_STANDARD_ERROR_CONFLICT,
                   _("“%s” has the same standard version (%s) and catalogue version (%s) as a "
                     "standard already loaded, but different content. Give a changed standard "
                     "or catalogue a new version."),
                   name, mamori_xml_attr (root, "version"), mamori_xml_attr (catalogue, "version"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
activate (MamoriStore  *store,
          gint64        id,
          const char   *sha256,
          gboolean      loaded,
          GError      **error)
{
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  /* Loading the standard already in use changes nothing, and records nothing. */
  if (mamori_standard_get_active_id (store) == id)
    return TRUE;
  if (!mamori_store_exec (store, "UPDATE standards SET active = 0 WHERE active = 1", error))
    return FALSE;
  stmt = mamori_store_prepare (store, "UPDATE standards SET active = 1 WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!mamori_store_step_done (store, stmt, error))
    return FALSE;

  stmt = mamori_store_prepare (store,
                               "SELECT json_object ('code', code, 'version', version, "
                               "'catalogue', catalogue_version, 'sha256', source_sha256, "
                               "'loaded', ?2) FROM standards WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, loaded);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    detail = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return mamori_store_audit_event (store, "standard", detail, error);
}

/**
 * mamori_standard_load_bytes:
 * @display_name: the file's name, for messages
 * @activate: make it the standard Mamori works with
 * @out_id: (out) (optional): the id of the loaded standard
 *
 * Loads a standard into the database, whole or not at all.  Loading a file identical to one
 * already loaded only (re)activates it.
 */
gboolean
mamori_standard_load_bytes (MamoriStore  *store,
                            GBytes       *bytes,
                            const char   *display_name,
                            gboolean      activate_it,
                            gint64       *out_id,
                            GError      **error)
{
  g_autofree char *sha256 = NULL;
  xmlDoc *doc;
  xmlNode *root;
  Loader loader = { store, display_name, 0, 0 };
  gint64 existing = 0;
  gboolean ok = FALSE;

  doc = mamori_xml_parse (bytes, display_name, MAMORI_STANDARD_MAX_SIZE, error);
  if (doc == NULL)
    return FALSE;
  root = xmlDocGetRootElement (doc);
  if (root == NULL || root->ns == NULL ||
      g_strcmp0 ((const char *)root->ns->href, MAMORI_STANDARD_NAMESPACE) != 0)
    {
      g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNKNOWN,
                   _("“%s” is not a Mamori standard file: its root element is not in the "
                     "namespace %s."), display_name, MAMORI_STANDARD_NAMESPACE);
      goto out;
    }
  if (!mamori_xml_validate (doc, MAMORI_STANDARD_SCHEMA_RESOURCE, display_name, error))
    goto out;

  sha256 = mamori_sha256_hex (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  if (!mamori_store_begin (store, error))
    goto out;
  if (!find_loaded (store, root, sha256, display_name, &existing, error))
    goto rollback;

  if (existing != 0)
    loader.standard_id = existing;
  else if (!load_tree (&loader, root, sha256, error))
    goto rollback;

  if (activate_it && !activate (store, loader.standard_id, sha256, existing == 0, error))
    goto rollback;
  if (!mamori_store_commit (store, error))
    goto rollback;

  if (out_id)
    *out_id = loader.standard_id;
  ok = TRUE;
  goto out;

rollback:
  mamori_store_rollback (store);
out:
  xmlFreeDoc (doc);
  return ok;
}

gboolean
mamori_standard_load_file (MamoriStore  *store,
                           const char   *path,
                           gboolean      activate_it,
                           gint64       *out_id,
                           GError      **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GBytes) bytes = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  return mamori_standard_load_bytes (store, bytes, name, activate_it, out_id, error);
}

/**
 * mamori_standard_load_default:
 *
 * Loads the standard Mamori ships with (the resource the build names default.xml).
 */
gboolean
mamori_standard_load_default (MamoriStore  *store,
                              GError      **error)
{
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resources_lookup_data (MAMORI_STANDARD_DEFAULT_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                   error);
  if (bytes == NULL)
    return FALSE;
  return mamori_standard_load_bytes (store, bytes, _("the built-in standard"), TRUE, NULL, error);
}

/**
 * mamori_standard_ensure_loaded:
 *
 * Loads the built-in standard into a database that has none active.
 */
gboolean
mamori_standard_ensure_loaded (MamoriStore  *store,
                               GError      **error)
{
  if (mamori_standard_get_active_id (store) != 0)
    return TRUE;
  return mamori_standard_load_default (store, error);
}

gint64
mamori_standard_get_active_id (MamoriStore *store)
{
  return mamori_store_query_int (store, "SELECT id FROM standards WHERE active = 1", 0);
}

/**
 * mamori_standard_get_info:
 * @standard_id: a standard, or 0 for the active one
 *
 * Returns: (transfer full) (nullable): what the standard is and how much it holds
 */
MamoriStandardInfo *
mamori_standard_get_info (MamoriStore  *store,
                          gint64        standard_id,
                          GError      **error)
{
  MamoriStandardInfo *info = NULL;
  sqlite3_stmt *stmt;

  if (standard_id == 0)
    standard_id = mamori_standard_get_active_id (store);

  stmt = mamori_store_prepare (store,
    "SELECT id, code, version, catalogue_version, title, title_en, issuer, source_sha256, "
    "loaded_at, (SELECT count (*) FROM articles WHERE standard_id = s.id), "
    "(SELECT count (*) FROM catalogue_items WHERE standard_id = s.id), "
    "(SELECT count (*) FROM clauses WHERE standard_id = s.id) "
    "FROM standards AS s WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, standard_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      info = g_new0 (MamoriStandardInfo, 1);
      info->id = sqlite3_column_int64 (stmt, 0);
      info->code = g_strdup (mamori_column_text (stmt, 1));
      info->version = g_strdup (mamori_column_text (stmt, 2));
      info->catalogue_version = g_strdup (mamori_column_text (stmt, 3));
      info->title = g_strdup (mamori_column_text (stmt, 4));
      info->title_en = g_strdup (mamori_column_text (stmt, 5));
      info->issuer = g_strdup (mamori_column_text (stmt, 6));
      info->sha256 = g_strdup (mamori_column_text (stmt, 7));
      info->loaded_at = g_strdup (mamori_column_text (stmt, 8));
      info->n_articles = sqlite3_column_int64 (stmt, 9);
      info->n_items = sqlite3_column_int64 (stmt, 10);
      info->n_clauses = sqlite3_column_int64 (stmt, 11);
    }
  sqlite3_reset (stmt);

  if (info == NULL)
    g_set_error (error, MAMORI_STANDARD_ERROR, MAMORI_STANDARD_ERROR_NONE_LOADED,
                 _("No security standard is loaded in this database."));
  return info;
}

/**
 * mamori_standard_uncovered_duties:
 *
 * The articles that impose a duty and that no inspection item cites, directly or through
 * one of their sub-articles.  A complete catalogue leaves this empty.
 *
 * Returns: (transfer full) (element-type utf8): article references
 */
GPtrArray *
mamori_standard_uncovered_duties (MamoriStore  *store,
                                  gint64        standard_id,
                                  GError      **error)
{
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = mamori_store_prepare (store,
    "SELECT a.ref FROM articles AS a WHERE a.standard_id = ?1 AND a.duty = 1 "
    "AND NOT EXISTS (SELECT 1 FROM item_citations AS c "
    "                JOIN catalogue_items AS i ON i.id = c.item_id "
    "                WHERE i.standard_id = ?1 "
    "                AND (c.ref = a.ref OR substr (c.ref, 1, length (a.ref) + 1) = a.ref || '-')) "
    "ORDER BY a.ordinal", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, standard_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (refs, g_strdup (mamori_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mamori_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&refs);
}

/**
 * mamori_standard_validate_bytes:
 * @uncovered: (out) (optional) (transfer full): duty articles no item cites
 *
 * Checks a standard file completely — safe parsing, schema, consistency — by loading it
 * into a database in memory.  Nothing on disk is touched.
 *
 * Returns: (transfer full) (nullable): what the file holds, or %NULL with @error set
 */
MamoriStandardInfo *
mamori_standard_validate_bytes (GBytes      *bytes,
                                const char  *display_name,
                                GPtrArray  **uncovered,
                                GError     **error)
{
  g_autoptr(MamoriStore) store = NULL;
  gint64 id = 0;

  store = mamori_store_open (MAMORI_STORE_MEMORY, MAMORI_STORE_OPEN_DEFAULT, error);
  if (store == NULL)
    return NULL;
  if (!mamori_standard_load_bytes (store, bytes, display_name, TRUE, &id, error))
    return NULL;
  if (uncovered != NULL)
    {
      *uncovered = mamori_standard_uncovered_duties (store, id, error);
      if (*uncovered == NULL)
        return NULL;
    }
  return mamori_standard_get_info (store, id, error);
}

/**
 * mamori_standard_role_name:
 * @function: a generic role function ("section-officer", …)
 *
 * Returns: (transfer full) (nullable): what the active standard calls that role
 */
char *
mamori_standard_role_name (MamoriStore *store,
                           const char  *function)
{
  sqlite3_stmt *stmt;
  char *name = NULL;

  stmt = mamori_store_prepare (store,
                               "SELECT r.name FROM standard_roles AS r JOIN standards AS s "
                               "ON s.id = r.standard_id WHERE s.active = 1 AND r.function = ?",
                               NULL);
  if (stmt == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, function);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return name;
}

/* The classification ---------------------------------------------------------------------------- */

void
mamori_classification_free (MamoriClassification *classification)
{
  if (classification == NULL)
    return;
  g_free (classification->code);
  g_free (classification->text);
  g_free (classification->ref);
  g_free (classification);
}

static GPtrArray *
list_classification (MamoriStore *store,
                     const char  *sql,
                     const char  *key)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_classification_free);
  sqlite3_stmt *stmt = mamori_store_prepare (store, sql, NULL);

  if (stmt == NULL)
    return list;
  if (key != NULL)
    mamori_bind_text (stmt, 1, key);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MamoriClassification *c = g_new0 (MamoriClassification, 1);

      c->code = g_strdup (mamori_column_text (stmt, 0));
      c->text = g_strdup (mamori_column_text (stmt, 1));
      c->ref = g_strdup (mamori_column_text (stmt, 2));
      g_ptr_array_add (list, c);
    }
  sqlite3_reset (stmt);
  return list;
}

/**
 * mamori_standard_list_classes:
 *
 * Returns: (transfer container) (element-type MamoriClassification): the classes of the
 *   active standard, highest first; empty when no standard is loaded
 */
GPtrArray *
mamori_standard_list_classes (MamoriStore *store)
{
  return list_classification (store,
                              "SELECT c.code, c.name, c.ref FROM classification_classes AS c "
                              "JOIN standards AS s ON s.id = c.standard_id WHERE s.active = 1 "
                              "ORDER BY c.rank", NULL);
}

/**
 * mamori_standard_list_criteria:
 *
 * Returns: (transfer container) (element-type MamoriClassification): the criteria of the
 *   active standard that place an asset in @class_code, in the standard's order
 */
GPtrArray *
mamori_standard_list_criteria (MamoriStore *store,
                               const char  *class_code)
{
  return list_classification (store,
                              "SELECT k.code, k.body, k.ref FROM classification_criteria AS k "
                              "JOIN standards AS s ON s.id = k.standard_id WHERE s.active = 1 "
                              "AND k.class_code = ? ORDER BY k.ordinal", class_code ? class_code : "");
}

/* Browsing ------------------------------------------------------------------------------------ */

void
mamori_article_free (MamoriArticle *article)
{
  if (article == NULL)
    return;
  g_free (article->ref);
  g_free (article->parent_ref);
  g_free (article->number);
  g_free (article->title);
  g_free (article->title_en);
  g_free (article->body);
  g_free (article->note);
  g_free (article);
}

void
mamori_citation_free (MamoriCitation *citation)
{
  if (citation == NULL)
    return;
  g_free (citation->code);
  g_free (citation->text);
  g_free (citation->ref);
  g_free (citation);
}

/* Escapes LIKE's wildcards so that a query is matched literally. */
static char *
like_pattern (const char *query)
{
  g_autofree char *folded = mamori_text_fold (query);
  GString *s = g_string_new ("%");

  for (const char *p = folded; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '%');
  return g_string_free (s, FALSE);
}

/**
 * mamori_standard_list_articles:
 * @standard_id: a standard, or 0 for the active one
 * @query: (nullable): words to look for; folded as mamori_text_fold() folds, so that
 *   full-width, half-width and kana variants match.  %NULL or blank lists every article.
 *
 * Returns: (transfer full) (element-type MamoriArticle): the articles in the standard's
 *   order, each with the number of items, clauses and other entries that cite it or one of
 *   its sub-articles
 */
GPtrArray *
mamori_standard_list_articles (MamoriStore  *store,
                               gint64        standard_id,
                               const char   *query,
                               GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_article_free);
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (standard_id == 0)
    standard_id = mamori_standard_get_active_id (store);
  if (!mamori_text_is_blank (query))
    pattern = like_pattern (query);

  stmt = mamori_store_prepare (store,
    "SELECT a.ref, a.parent_ref, a.number, a.title, a.title_en, a.body, a.note, a.depth, a.duty, "
    "  (SELECT count (*) FROM item_citations AS c JOIN catalogue_items AS i ON i.id = c.item_id "
    "   WHERE i.standard_id = a.standard_id "
    "   AND (c.ref = a.ref OR substr (c.ref, 1, length (a.ref) + 1) = a.ref || '-')) "
    "  + (SELECT count (*) FROM clauses AS k WHERE k.standard_id = a.standard_id "
    "     AND (k.ref = a.ref OR substr (k.ref, 1, length (a.ref) + 1) = a.ref || '-')) "
    "FROM articles AS a WHERE a.standard_id = ?1 "
    "AND (?2 IS NULL OR a.search_text LIKE ?2 ESCAPE '\\') ORDER BY a.ordinal", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, standard_id);
  mamori_bind_text (stmt, 2, pattern);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriArticle *a = g_new0 (MamoriArticle, 1);

      a->ref = g_strdup (mamori_column_text (stmt, 0));
      a->parent_ref = g_strdup (mamori_column_text (stmt, 1));
      a->number = g_strdup (mamori_column_text (stmt, 2));
      a->title = g_strdup (mamori_column_text (stmt, 3));
      a->title_en = g_strdup (mamori_column_text (stmt, 4));
      a->body = g_strdup (mamori_column_text (stmt, 5));
      a->note = g_strdup (mamori_column_text (stmt, 6));
      a->depth = sqlite3_column_int (stmt, 7);
      a->duty = sqlite3_column_int (stmt, 8);
      a->n_citations = sqlite3_column_int64 (stmt, 9);
      g_ptr_array_add (list, a);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mamori_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * mamori_standard_list_citations:
 * @standard_id: a standard, or 0 for the active one
 * @ref: an article
 *
 * Everything in the standard's data that cites @ref or one of its sub-articles: inspection
 * items, contract clauses and the checks beside them, classification criteria, managed-area
 * measures and incident steps.
 *
 * Returns: (transfer full) (element-type MamoriCitation): the citations, items first
 */
GPtrArray *
mamori_standard_list_citations (MamoriStore  *store,
                                gint64        standard_id,
                                const char   *ref,
                                GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_citation_free);
  sqlite3_stmt *stmt;
  int rc;

  if (standard_id == 0)
    standard_id = mamori_standard_get_active_id (store);

#define UNDER(col) "(" col " = ?2 OR substr (" col ", 1, length (?2) + 1) = ?2 || '-')"
  stmt = mamori_store_prepare (store,
    "SELECT 0, i.code, i.question, min (c.ref), 0, i.ordinal FROM catalogue_items AS i "
    "  JOIN item_citations AS c ON c.item_id = i.id "
    "  WHERE i.standard_id = ?1 AND " UNDER ("c.ref") " GROUP BY i.id "
    "UNION ALL SELECT 1, code, body, ref, mandatory, ordinal FROM clauses "
    "  WHERE standard_id = ?1 AND " UNDER ("ref") " "
    "UNION ALL SELECT 2, o.code, o.body, min (c.ref), 0, o.ordinal FROM operational_checks AS o "
    "  JOIN operational_check_citations AS c ON c.check_id = o.id "
    "  WHERE o.standard_id = ?1 AND " UNDER ("c.ref") " GROUP BY o.id "
    "UNION ALL SELECT 3, code, body, ref, 0, ordinal FROM classification_criteria "
    "  WHERE standard_id = ?1 AND " UNDER ("ref") " "
    "UNION ALL SELECT 4, code, body, ref, 0, ordinal FROM area_measures "
    "  WHERE standard_id = ?1 AND " UNDER ("ref") " "
    "UNION ALL SELECT 5, code, body, ref, 0, ordinal FROM incident_steps "
    "  WHERE standard_id = ?1 AND " UNDER ("ref") " "
    "ORDER BY 1, 6", error);
#undef UNDER
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, standard_id);
  mamori_bind_text (stmt, 2, ref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriCitation *c = g_new0 (MamoriCitation, 1);

      c->kind = sqlite3_column_int (stmt, 0);
      c->code = g_strdup (mamori_column_text (stmt, 1));
      c->text = g_strdup (mamori_column_text (stmt, 2));
      c->ref = g_strdup (mamori_column_text (stmt, 3));
      c->mandatory = sqlite3_column_int (stmt, 4);
      g_ptr_array_add (list, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mamori_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

void
mamori_role_free (MamoriRole *role)
{
  if (role == NULL)
    return;
  g_free (role->code);
  g_free (role->function);
  g_free (role->name);
  g_free (role->name_en);
  g_free (role);
}

/**
 * mamori_standard_list_roles:
 *
 * The roles a person can hold under the active standard, in its order (bodies such as a
 * headquarters, which no one person holds, are left out).
 *
 * Returns: (transfer full) (element-type MamoriRole): the roles
 */
GPtrArray *
mamori_standard_list_roles (MamoriStore  *store,
                            GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_role_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = mamori_store_prepare (store,
                               "SELECT r.code, r.function, r.name, r.name_en FROM standard_roles AS r "
                               "JOIN standards AS s ON s.id = r.standard_id WHERE s.active = 1 "
                               "AND r.function <> 'headquarters' ORDER BY r.ordinal", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriRole *r = g_new0 (MamoriRole, 1);

      r->code = g_strdup (mamori_column_text (stmt, 0));
      r->function = g_strdup (mamori_column_text (stmt, 1));
      r->name = g_strdup (mamori_column_text (stmt, 2));
      r->name_en = g_strdup (mamori_column_text (stmt, 3));
      g_ptr_array_add (list, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mamori_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}
