package io.patchrun.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** The streams {@link SshEngineTunnel} joins an SSH channel to. */
final class TunnelStreams {

    private TunnelStreams() {
    }

    /** Reads a socket channel directly: {@code Channels.newInputStream} would hold the lock that writes need. */
    static final class ChannelInput extends InputStream {

        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return length == 0 ? 0 : channel.read(ByteBuffer.wrap(buffer, offset, length));
        }
    }

    static final class ChannelOutput extends OutputStream {

        private final SocketChannel channel;

        ChannelOutput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    /** Keeps the first bytes of the remote command's error output, enough for its message. */
    static final class BoundedOutput extends OutputStream {

        private final ByteArrayOutputStream target;
        private final int limit;

        BoundedOutput(ByteArrayOutputStream target, int limit) {
            this.target = target;
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            if (target.size() < limit) {
                target.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] buffer, int offset, int length) {
            target.write(buffer, offset, Math.min(length, Math.max(0, limit - target.size())));
        }
    }
}
