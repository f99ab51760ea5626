/* mamori-org.h — the organisation: sections, people, roles, fiscal years
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *uuid;
  char   *code;
  char   *name;
  char   *level;          /* "department" or "section" */
  gint64  parent_id;
  char   *parent_name;
  char   *officer_name;   /* the section-officer, if any */
} MamoriSection;

typedef struct
{
  gint64  id;
  char   *uuid;
  char   *name;
  char   *kana;
  char   *title;
  gint64  section_id;
} MamoriPerson;

gboolean   mamori_org_add_section       (MamoriStore  *store,
                                         const char   *code,
                                         const char   *name,
                                         const char   *kana,
                                         gint64        parent_id,
                                         gint64       *out_id,
                                         GError      **error);
gboolean   mamori_org_add_person        (MamoriStore  *store,
                                         const char   *staff_no,
                                         const char   *name,
                                         const char   *kana,
                                         const char   *title,
                                         gint64        section_id,
                                         gint64       *out_id,
                                         GError      **error);
gboolean   mamori_org_assign_role       (MamoriStore  *store,
                                         gint64        person_id,
                                         const char   *function,
                                         gint64        section_id,
                                         GError      **error);
gboolean   mamori_org_ensure_fiscal_year (MamoriStore *store,
                                          int          year,
                                          GError     **error);

GPtrArray *mamori_org_list_sections     (MamoriStore  *store,
                                         gboolean      sections_only,
                                         GError      **error);
GPtrArray *mamori_org_list_people      (MamoriStore  *store,
                                         GError      **error);
gint64     mamori_org_count             (MamoriStore  *store,
                                         const char   *what);
gint64     mamori_org_section_id        (MamoriStore  *store,
                                         const char   *code);
char      *mamori_org_describe_actor    (MamoriStore  *store,
                                         const char   *name,
                                         const char   *section_code,
                                         const char   *role_code);
gboolean   mamori_org_record_profile    (MamoriStore  *store,
                                         const char   *name,
                                         const char   *section_code,
                                         const char   *role_code,
                                         GError      **error);

void       mamori_section_free          (MamoriSection *section);
void       mamori_person_free           (MamoriPerson  *person);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriSection, mamori_section_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriPerson, mamori_person_free)

G_END_DECLS
