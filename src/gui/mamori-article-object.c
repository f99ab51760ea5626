/* mamori-article-object.c — an article of the standard, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mamori-article-object.h"

struct _MamoriArticleObject
{
  GObject        parent_instance;
  MamoriArticle *article;
};

G_DEFINE_FINAL_TYPE (MamoriArticleObject, mamori_article_object, G_TYPE_OBJECT)

static void
mamori_article_object_finalize (GObject *object)
{
  MamoriArticleObject *self = MAMORI_ARTICLE_OBJECT (object);

  g_clear_pointer (&self->article, mamori_article_free);
  G_OBJECT_CLASS (mamori_article_object_parent_class)->finalize (object);
}

static void
mamori_article_object_class_init (MamoriArticleObjectClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mamori_article_object_finalize;
}

static void
mamori_article_object_init (MamoriArticleObject *self)
{
}

/**
 * mamori_article_object_new:
 * @article: (transfer full): the article
 */
MamoriArticleObject *
mamori_article_object_new (MamoriArticle *article)
{
  MamoriArticleObject *self = g_object_new (MAMORI_TYPE_ARTICLE_OBJECT, NULL);

  self->article = article;
  return self;
}

const MamoriArticle *
mamori_article_object_get (MamoriArticleObject *self)
{
  return self->article;
}
