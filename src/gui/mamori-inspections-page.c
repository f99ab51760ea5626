/* mamori-inspections-page.c — the Inspections view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For now the view's empty state: what it will hold and what to do first.
 */

#include "config.h"

#include "mamori-inspections-page.h"

struct _MamoriInspectionsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (MamoriInspectionsPage, mamori_inspections_page, ADW_TYPE_BIN)

static void
mamori_inspections_page_class_init (MamoriInspectionsPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               RESOURCE_BASE_PATH "/mamori-inspections-page.ui");
}

static void
mamori_inspections_page_init (MamoriInspectionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
