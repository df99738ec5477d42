<li class="post" id="post-<?= (int) $post['id'] ?>" data-team="<?= (int) $post['team_id'] ?>">
    <strong><?= esc($post['author']) ?></strong> <span class="team">team <?= (int) $post['team_id'] ?></span>
    <p><?= esc($post['body']) ?></p>
</li>
