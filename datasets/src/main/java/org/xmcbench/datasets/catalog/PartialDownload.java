package org.xmcbench.datasets.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Brings a {@code .part} file up to the complete download, resuming it with an HTTP Range request, and fails
 * unless the answer is provably complete: a body shorter than its Content-Length, a 206 whose Content-Range does
 * not continue the {@code .part} (one restarting at byte 0 starts the file over instead of being appended), or a
 * file shorter than the total the server declared is an error. A 416 (the server cannot continue the
 * {@code .part}) means the {@code .part} is not a prefix of the file: it is discarded and the file fetched anew.
 * Uses {@link HttpURLConnection} for its read timeout, which also bounds a server that stalls mid-body.
 */
final class PartialDownload {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int MAX_REDIRECTS = 10;

    private final FetchSettings settings;
    private final PrintStream log;

    PartialDownload(FetchSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /** The host could not be reached at all (no connection made). */
    static final class UnreachableException extends IOException {
        UnreachableException(Throwable cause) {
            super(cause.toString(), cause);
        }
    }

    void fetch(URI url, Path part) throws IOException {
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpURLConnection c = open(url, have);
        try {
            int status = status(url, c);
            if (status == 416 && have > 0) {
                log.println(part.getFileName() + ": the server cannot continue the partial download of " + have
                        + " bytes (HTTP 416): it is not a part of the file; discarded, downloading from the start");
                c.disconnect();
                Files.delete(part);
                have = 0;
                c = open(url, 0);
                status = status(url, c);
            }
            if (status != 200 && status != 206) {
                throw new IOException(url + " answered HTTP " + status);
            }
            String type = c.getContentType() == null ? "" : c.getContentType();
            if (type.startsWith("text/html")) {
                throw new IOException(url + " returned an HTML page instead of " + nameOf(part)
                        + " (a login or confirmation page?). Download it in a browser and put it at "
                        + part.resolveSibling(nameOf(part)));
            }
            long length = c.getContentLengthLong();
            long start = 0;
            long total = length;
            if (status == 206) {
                String header = c.getHeaderField("Content-Range");
                Matcher m = header == null ? null : CONTENT_RANGE.matcher(header.trim());
                if (m == null || !m.matches()) {
                    throw new IOException(url + " answered 206 (partial content) without a valid Content-Range "
                            + "(got " + header + ")");
                }
                start = Long.parseLong(m.group(1));
                long rangeLength = Long.parseLong(m.group(2)) - start + 1;
                total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
                if (length >= 0 && length != rangeLength) {
                    throw new IOException(url + ": Content-Length " + length + " disagrees with Content-Range "
                            + header);
                }
                length = rangeLength;
                if (start == 0 && have > 0) {
                    log.println(part.getFileName() + ": the server answered the resume request from byte 0; "
                            + "starting the file over");
                } else if (start != have) {
                    throw new IOException(url + " answered the request to resume at byte " + have
                            + " with a Content-Range starting at byte " + start + " (" + header
                            + "); not appended. Delete " + part + " to start over");
                }
            } else if (have > 0) {
                log.println(part.getFileName() + ": the server does not resume downloads; starting over");
            }
            long received = receive(url, c, part, start, total);
            if (length >= 0 && received != length) {
                throw new IOException(url + ": the body ended after " + received + " of " + length + " bytes; the "
                        + "partial file is kept, run the fetch again to resume it");
            }
            if (total >= 0 && Files.size(part) != total) {
                throw new IOException(part + " has " + Files.size(part) + " bytes but the server's file has "
                        + total);
            }
        } finally {
            c.disconnect();
        }
    }

    private HttpURLConnection open(URI url, long from) throws IOException {
        URI at = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpURLConnection c = (HttpURLConnection) at.toURL().openConnection();
            c.setConnectTimeout(millis(settings.connectTimeout()));
            c.setReadTimeout(millis(settings.readTimeout()));
            c.setInstanceFollowRedirects(false); // followed below, also from http to https
            if (from > 0) {
                c.setRequestProperty("Range", "bytes=" + from + "-");
            }
            try {
                c.connect();
            } catch (ConnectException | UnknownHostException | NoRouteToHostException | SocketTimeoutException e) {
                throw new UnreachableException(e);
            }
            int status = status(at, c);
            String location = c.getHeaderField("Location");
            if (status / 100 != 3 || location == null) {
                return c;
            }
            c.disconnect();
            at = at.resolve(location);
        }
        throw new IOException(url + ": more than " + MAX_REDIRECTS + " redirects");
    }

    private static int millis(java.time.Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    private int status(URI url, HttpURLConnection c) throws IOException {
        try {
            return c.getResponseCode();
        } catch (SocketTimeoutException e) {
            throw timedOut(url, "its headers");
        }
    }

    private IOException timedOut(URI url, String what) {
        return new IOException(url + ": no data for " + settings.readTimeout().toSeconds() + " s while reading "
                + what + " (read timeout); run the fetch again to resume");
    }

    private long receive(URI url, HttpURLConnection c, Path part, long start, long total) throws IOException {
        StandardOpenOption mode = start > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        long received = 0;
        try (InputStream in = c.getInputStream();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
             ProgressBar bar = new ProgressBarBuilder().setTaskName(nameOf(part)).setInitialMax(total)
                     .setStyle(ProgressBarStyle.ASCII).setUnit(" MiB", 1 << 20).showSpeed()
                     .setConsumer(new ConsoleProgressBarConsumer(log)).build()) {
            bar.stepTo(start);
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = read(url, in, buf, received)) > 0) {
                out.write(buf, 0, n);
                received += n;
                bar.stepBy(n);
            }
        }
        return received;
    }

    private int read(URI url, InputStream in, byte[] buf, long received) throws IOException {
        try {
            return in.read(buf);
        } catch (SocketTimeoutException e) {
            throw timedOut(url, "the body after " + received + " bytes");
        } catch (IOException e) {
            throw new IOException(url + ": the download broke off after " + received + " bytes (" + e.getMessage()
                    + "); the partial file is kept, run the fetch again to resume it", e);
        }
    }

    private static String nameOf(Path part) {
        return part.getFileName().toString().replaceFirst("\\.part$", "");
    }
}
