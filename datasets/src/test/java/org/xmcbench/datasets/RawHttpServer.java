package org.xmcbench.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server that answers each request with whatever bytes a test writes, so it can send broken
 * answers a real server library would not: a body shorter than its Content-Length, a wrong Content-Range, headers
 * and then silence. The connection is closed after each answer.
 */
final class RawHttpServer implements AutoCloseable {
    /** Writes the raw answer to one request ({@code head}: the request line and headers). */
    @FunctionalInterface
    interface Script {
        void answer(String head, OutputStream out) throws Exception;
    }

    private final ServerSocket socket;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile Script script;

    RawHttpServer(Script script) throws IOException {
        this.script = script;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "raw-http-accept");
        accept.setDaemon(true);
        accept.start();
    }

    void setScript(Script s) {
        script = s;
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    /** The heads of the requests received so far. */
    List<String> requests() {
        return requests;
    }

    /** The value of {@code header} in a request head, or null. */
    static String header(String head, String header) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(header)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** An answer's head: status line, the given header lines, a blank line. */
    static byte[] head(String status, String... headers) {
        StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        b.append("Connection: close\r\n\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException closed) {
                return;
            }
            open.add(s);
            Thread t = new Thread(() -> serve(s), "raw-http-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            String head = readHead(s.getInputStream());
            requests.add(head);
            OutputStream out = s.getOutputStream();
            script.answer(head, out);
            out.flush();
        } catch (Exception ignored) {
            // the client went away, or the test is over
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            String sofar = b.toString(StandardCharsets.US_ASCII);
            if (sofar.endsWith("\r\n\r\n")) {
                return sofar;
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
