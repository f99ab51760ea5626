/* mamori-contracts-page.c — the Contracts view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For now the view's empty state: what it will hold and what to do first.
 */

#include "config.h"

#include "mamori-contracts-page.h"

struct _MamoriContractsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (MamoriContractsPage, mamori_contracts_page, ADW_TYPE_BIN)

static void
mamori_contracts_page_class_init (MamoriContractsPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               RESOURCE_BASE_PATH "/mamori-contracts-page.ui");
}

static void
mamori_contracts_page_init (MamoriContractsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
