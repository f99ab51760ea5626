/* mamori-contract-editor.h — one contract: its fields, checklist, staff and documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-application.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_CONTRACT_EDITOR (mamori_contract_editor_get_type ())

G_DECLARE_FINAL_TYPE (MamoriContractEditor, mamori_contract_editor, MAMORI, CONTRACT_EDITOR,
                      AdwWindow)

void mamori_contract_editor_open (MamoriApplication *application,
                                  gint64             contract_id,
                                  GtkWidget         *parent);

G_END_DECLS
