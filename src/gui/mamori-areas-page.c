/* mamori-areas-page.c — the Areas view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For now the view's empty state: what it will hold and what to do first.
 */

#include "config.h"

#include "mamori-areas-page.h"

struct _MamoriAreasPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (MamoriAreasPage, mamori_areas_page, ADW_TYPE_BIN)

static void
mamori_areas_page_class_init (MamoriAreasPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               RESOURCE_BASE_PATH "/mamori-areas-page.ui");
}

static void
mamori_areas_page_init (MamoriAreasPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
