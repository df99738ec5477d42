<?php
// Front controller (php -S 127.0.0.1:8080 -t public, or any web server pointing at public/).
//   GET  /                 login page, or the feed
//   GET  /login?as=team1   log in as team1 | team2 | admin (demo accounts, no password)
//   POST /logout
//   POST /posts            save a post (body), push it live; answers {post: {id, html}, live}
//   GET  /posts?after=N    the posts this user may see above id N (a page catching up on connect)
//   GET  /token            a fresh Socket.IO token (a page reconnecting after its token expired)

declare(strict_types=1);

namespace LiveFeed;

require __DIR__ . '/../src/bootstrap.php';

$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH) ?: '/';
$method = $_SERVER['REQUEST_METHOD'] ?? 'GET';

// php -S serves the static files itself when this router returns false.
if (PHP_SAPI === 'cli-server' && $path !== '/' && is_file(__DIR__ . $path)) {
    return false;
}

$config = config();

switch ("$method $path") {
    case 'GET /':
        $user = current_user();
        if ($user === null) {
            echo render('layout', ['title' => 'Live feed: log in', 'content' => render('login', ['users' => Users::all()])]);
            break;
        }
        $posts = (new Posts($config['db']))->visibleTo($user);
        $page = [
            'socketUrl' => $config['socket_url'],
            'token' => Realtime::token($user),
            'csrf' => csrf_token(),
        ];
        echo render('layout', [
            'title' => 'Live feed: ' . $user['name'],
            'content' => render('feed', ['user' => $user, 'posts' => $posts, 'page' => $page]),
            'socketUrl' => $config['socket_url'],
        ]);
        break;

    case 'GET /login':
        $user = Users::find((string) ($_GET['as'] ?? ''));
        if ($user === null) {
            http_response_code(404);
            echo render('layout', ['title' => 'Unknown account', 'content' => render('login', ['users' => Users::all()])]);
            break;
        }
        session();
        session_regenerate_id(true);
        $_SESSION['user'] = $user['login'];
        header('Location: /', true, 303);
        break;

    case 'POST /logout':
        session();
        $_SESSION = [];
        session_destroy();
        header('Location: /', true, 303);
        break;

    case 'POST /posts':
        $user = current_user();
        if ($user === null) {
            json_response(['error' => 'not logged in'], 401);
            break;
        }
        if (!hash_equals(csrf_token(), (string) ($_SERVER['HTTP_X_CSRF_TOKEN'] ?? ''))) {
            json_response(['error' => 'bad CSRF token'], 403);
            break;
        }
        $body = trim((string) ($_POST['body'] ?? ''));
        // 1 to 2000 characters of valid UTF-8 (the /u modifier refuses broken byte sequences).
        if (preg_match('/\A.{1,2000}\z/su', $body) !== 1) {
            json_response(['error' => 'a post has 1 to 2000 characters of UTF-8 text'], 422);
            break;
        }
        // #region save-and-publish
        // Save first: the post exists whether or not it can be pushed live.
        $post = (new Posts($config['db']))->add($user, $body);
        $html = render('post', ['post' => $post]);   // the escaped partial every page inserts
        $live = Realtime::publish($post, $html, Realtime::socketIdFrom($_SERVER['HTTP_X_SOCKET_ID'] ?? null));
        json_response(['post' => ['id' => $post['id'], 'team' => $post['team'], 'html' => $html], 'live' => $live], 201);
        // #endregion save-and-publish
        break;

    case 'GET /posts':
        $user = current_user();
        if ($user === null) {
            json_response(['error' => 'not logged in'], 401);
            break;
        }
        $after = max(0, (int) ($_GET['after'] ?? 0));
        $posts = array_map(
            fn (array $p) => ['id' => $p['id'], 'team' => $p['team'], 'html' => render('post', ['post' => $p])],
            (new Posts($config['db']))->visibleTo($user, $after),
        );
        json_response(['posts' => $posts]);
        break;

    case 'GET /token':
        $user = current_user();
        if ($user === null) {
            json_response(['error' => 'not logged in'], 401);
            break;
        }
        json_response(['token' => Realtime::token($user)]);
        break;

    default:
        http_response_code(404);
        echo render('layout', ['title' => 'Not found', 'content' => '<p>Not found. <a href="/">Home</a></p>']);
}
