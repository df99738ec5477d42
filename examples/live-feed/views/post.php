<?php /** @var array $post */ use function LiveFeed\e; ?>
<article class="post team-<?= e($post['team']) ?>" data-post-id="<?= e($post['id']) ?>">
  <header><strong><?= e($post['author']) ?></strong> <span class="team">team <?= e($post['team']) ?></span>
    <time datetime="<?= e($post['created_at']) ?>"><?= e(substr($post['created_at'], 11, 5)) ?> UTC</time></header>
  <p class="body"><?= nl2br(e($post['body'])) ?></p>
</article>
