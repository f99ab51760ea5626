/* mamori-area-keys.h — the lending register of the keys and cards of managed areas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

/* The standard's <rule> that makes a key not returned in time a defect. */
#define MAMORI_AREA_KEY_RULE "area-key-return"

typedef struct
{
  gint64    id;
  char     *uuid;             /* NULL: a new one is made */
  gint64    area_id;
  char     *key_number;       /* the key or authentication card lent */
  gint64    person_id;        /* the borrower, if a person of the register; 0: not */
  char     *name;             /* the borrower; empty: the person's name in the register */
  gint64    approver_id;      /* who approved the loan: a person of the register */
  char     *lent_at;          /* 2026-04-01T09:30 */
  char     *due_at;           /* NULL: the end of the day it was lent */
  char     *returned_at;      /* NULL: not returned */
  char     *note;
  /* Read only, filled by mamori_area_key_loans() and mamori_area_key_load(). */
  char     *approver_name;
  gboolean  overdue;          /* fails the standard's rule (FALSE if the standard has none) */
} MamoriAreaKeyLoan;

MamoriAreaKeyLoan *mamori_area_key_loan_new  (void);
void               mamori_area_key_loan_free (MamoriAreaKeyLoan   *loan);

gboolean           mamori_area_key_lend      (MamoriStore         *store,
                                              const MamoriAreaKeyLoan *loan,
                                              gint64              *out_id,
                                              GError             **error);
gboolean           mamori_area_key_return    (MamoriStore         *store,
                                              gint64               id,
                                              const char          *at,
                                              char               **returned_at,
                                              GError             **error);
MamoriAreaKeyLoan *mamori_area_key_load      (MamoriStore         *store,
                                              gint64               id,
                                              const char          *now,
                                              GError             **error);
GPtrArray         *mamori_area_key_loans     (MamoriStore         *store,
                                              gint64               area_id,
                                              const char          *now,
                                              GError             **error);
gint64             mamori_area_key_overdue_count (MamoriStore     *store,
                                                  gint64           area_id,
                                                  const char      *from,
                                                  const char      *to,
                                                  const char      *now,
                                                  GError         **error);
gint64             mamori_area_key_find_open (MamoriStore         *store,
                                              gint64               area_id,
                                              const char          *key_number);
gint64             mamori_area_key_find_person (MamoriStore       *store,
                                                const char        *code_or_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriAreaKeyLoan, mamori_area_key_loan_free)

G_END_DECLS
