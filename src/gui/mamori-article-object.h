/* mamori-article-object.h — an article of the standard, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "mamori-core.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_ARTICLE_OBJECT (mamori_article_object_get_type ())

G_DECLARE_FINAL_TYPE (MamoriArticleObject, mamori_article_object, MAMORI, ARTICLE_OBJECT, GObject)

MamoriArticleObject *mamori_article_object_new  (MamoriArticle       *article);
const MamoriArticle *mamori_article_object_get  (MamoriArticleObject *self);

G_END_DECLS
