/* mamori-standard.h — the security standard as data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

#define MAMORI_STANDARD_NAMESPACE "https://mamori.github.io/ns/standard/1"
#define MAMORI_STANDARD_SCHEMA_RESOURCE "/io/github/mamori/Mamori/core/schema/mamori-standard-1.xsd"
#define MAMORI_STANDARD_DEFAULT_RESOURCE "/io/github/mamori/Mamori/core/standards/default.xml"
#define MAMORI_STANDARD_MAX_SIZE (8 * 1024 * 1024)

#define MAMORI_STANDARD_ERROR (mamori_standard_error_quark ())

typedef enum
{
  MAMORI_STANDARD_ERROR_INCONSISTENT, /* valid against the schema, but contradicts itself */
  MAMORI_STANDARD_ERROR_CONFLICT,     /* the same version is loaded with other content */
  MAMORI_STANDARD_ERROR_NONE_LOADED,
} MamoriStandardError;

typedef struct
{
  gint64  id;
  char   *code;
  char   *version;
  char   *catalogue_version;
  char   *title;
  char   *title_en;
  char   *issuer;
  char   *sha256;
  char   *loaded_at;
  gint64  n_articles;
  gint64  n_items;
  gint64  n_clauses;
} MamoriStandardInfo;

typedef struct
{
  char     *ref;
  char     *parent_ref;
  char     *number;
  char     *title;
  char     *title_en;
  char     *body;
  char     *note;
  int       depth;
  gboolean  duty;
  gint64    n_citations;
} MamoriArticle;

typedef struct
{
  char *code;
  char *function;
  char *name;
  char *name_en;
} MamoriRole;

typedef enum
{
  MAMORI_CITATION_ITEM,        /* an inspection item */
  MAMORI_CITATION_CLAUSE,      /* a contract clause */
  MAMORI_CITATION_CHECK,       /* an operational check beside the clauses */
  MAMORI_CITATION_CRITERION,   /* a classification criterion */
  MAMORI_CITATION_MEASURE,     /* a managed-area measure */
  MAMORI_CITATION_STEP,        /* an incident response step */
} MamoriCitationKind;

typedef struct
{
  MamoriCitationKind  kind;
  char               *code;
  char               *text;
  char               *ref;        /* the article cited (this one or a sub-article) */
  gboolean            mandatory;  /* clauses: required by the standard */
} MamoriCitation;

/* A class of 重要性分類 or one of its criteria ア〜オ, as the active standard names them. */
typedef struct
{
  char *code;
  char *text;           /* the class's name, or the criterion's wording */
  char *ref;            /* its article, e.g. 第2-3-(1) */
} MamoriClassification;

GQuark              mamori_standard_error_quark        (void);

gboolean            mamori_standard_load_bytes         (MamoriStore  *store,
                                                        GBytes       *bytes,
                                                        const char   *display_name,
                                                        gboolean      activate,
                                                        gint64       *out_id,
                                                        GError      **error);
gboolean            mamori_standard_load_file          (MamoriStore  *store,
                                                        const char   *path,
                                                        gboolean      activate,
                                                        gint64       *out_id,
                                                        GError      **error);
gboolean            mamori_standard_load_default       (MamoriStore  *store,
                                                        GError      **error);
gboolean            mamori_standard_ensure_loaded      (MamoriStore  *store,
                                                        GError      **error);
MamoriStandardInfo *mamori_standard_validate_bytes     (GBytes       *bytes,
                                                        const char   *display_name,
                                                        GPtrArray   **uncovered,
                                                        GError      **error);

gint64              mamori_standard_get_active_id      (MamoriStore  *store);
MamoriStandardInfo *mamori_standard_get_info           (MamoriStore  *store,
                                                        gint64        standard_id,
                                                        GError      **error);
GPtrArray          *mamori_standard_uncovered_duties   (MamoriStore  *store,
                                                        gint64        standard_id,
                                                        GError      **error);
gboolean            mamori_standard_text_imposes_duty  (const char   *text);
char               *mamori_standard_role_name          (MamoriStore  *store,
                                                        const char   *function);

GPtrArray          *mamori_standard_list_roles         (MamoriStore  *store,
                                                        GError      **error);
GPtrArray          *mamori_standard_list_classes       (MamoriStore  *store);
GPtrArray          *mamori_standard_list_criteria      (MamoriStore  *store,
                                                        const char   *class_code);
GPtrArray          *mamori_standard_list_articles      (MamoriStore  *store,
                                                        gint64        standard_id,
                                                        const char   *query,
                                                        GError      **error);
GPtrArray          *mamori_standard_list_citations     (MamoriStore  *store,
                                                        gint64        standard_id,
                                                        const char   *ref,
                                                        GError      **error);

void                mamori_standard_info_free          (MamoriStandardInfo *info);
void                mamori_article_free                (MamoriArticle      *article);
void                mamori_citation_free               (MamoriCitation     *citation);
void                mamori_role_free                   (MamoriRole         *role);
void                mamori_classification_free         (MamoriClassification *classification);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriStandardInfo, mamori_standard_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriArticle, mamori_article_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriCitation, mamori_citation_free)

G_END_DECLS
