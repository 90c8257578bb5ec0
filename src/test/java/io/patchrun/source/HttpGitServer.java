package io.patchrun.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Serves one test repository over Git's "dumb" HTTP protocol (plain files plus a list of refs), behind
 * HTTP Basic authentication, so clones over http can be tested without a Git server.
 */
public final class HttpGitServer implements AutoCloseable {

    private final Path gitDir;
    private final String expectedAuthorization;
    private final HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    public HttpGitServer(Path workTree, String username, String password) throws IOException {
        this.gitDir = workTree.resolve(Constants.DOT_GIT);
        this.expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The repository's URL: {@code http://127.0.0.1:port/web.git}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/web.git";
    }

    /** The Authorization headers received, in order; null for requests without one. */
    public List<String> authorizations() {
        return authorizations;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization);
            if (!expectedAuthorization.equals(authorization)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath().replaceFirst("^/web\\.git/", "");
            byte[] body = path.equals("info/refs") ? infoRefs() : file(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private byte[] file(String path) throws IOException {
        Path file = gitDir.resolve(path).normalize();
        return file.startsWith(gitDir) && Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }

    /** What {@code git update-server-info} would write, made fresh for every request. */
    private byte[] infoRefs() throws IOException {
        StringBuilder refs = new StringBuilder();
        try (Repository repository = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).build()) {
            for (Ref ref : repository.getRefDatabase().getRefs()) {
                if (ref.getName().equals(Constants.HEAD)) {
                    continue;
                }
                Ref peeled = repository.getRefDatabase().peel(ref);
                refs.append(ref.getObjectId().name()).append('\t').append(ref.getName()).append('\n');
                if (peeled.getPeeledObjectId() != null) {
                    refs.append(peeled.getPeeledObjectId().name()).append('\t').append(ref.getName()).append("^{}\n");
                }
            }
        }
        return refs.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
