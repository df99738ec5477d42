<li class="post" id="post-<?= (int) $post['id'] ?>" data-team="<?= (int) $post['team_id'] ?>">
	<strong><?= html_escape($post['author']) ?></strong> <span class="team">team <?= (int) $post['team_id'] ?></span>
	<p><?= html_escape($post['body']) ?></p>
</li>
