<?php
// The work every variant does before it emits, so only the emit differs between endpoints: what a
// post_message controller does after validating and saving a post (decode input, build the post,
// encode the response).

const BENCH_INPUT = '{"team_id":7,"body":"Shipping the release notes draft tonight; please review section 3 (migration) before standup <3","mentions":[1043,1077]}';

function build_post(): array
{
    $in = json_decode(BENCH_INPUT, true, 8, JSON_THROW_ON_ERROR);
    return [
        'id' => 48213,
        'team_id' => (int) $in['team_id'],
        'author' => ['id' => 1042, 'name' => 'Ada Lovelace', 'avatar' => '/img/u/1042.png'],
        'body' => htmlspecialchars($in['body'], ENT_QUOTES),
        'mentions' => array_map('intval', $in['mentions']),
        'attachments' => [],
        // Fixed, not date(): the floor publishes these exact bytes, packed before the run.
        'created_at' => '2024-05-01T12:00:00.000Z',
    ];
}

function team_room(array $post): string
{
    return 'team-' . $post['team_id'];
}

function redis_port(): int
{
    return (int) $_SERVER['REDIS_PORT'];
}

/** The message @socket.io/redis-emitter would publish for to([team, 'admin'])->emit('new_post', $post). */
function emitter_message(array $post): array
{
    return [
        'emitter',
        ['type' => 2, 'data' => ['new_post', $post], 'nsp' => '/'],
        ['rooms' => [team_room($post), 'admin'], 'flags' => [], 'except' => []],
    ];
}

function respond(array $post, $emitted): void
{
    header('Content-Type: application/json');
    echo json_encode(['ok' => true, 'post' => $post, 'emitted' => $emitted], JSON_THROW_ON_ERROR);
}
