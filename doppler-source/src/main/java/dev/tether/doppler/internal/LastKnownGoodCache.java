package dev.tether.doppler.internal;

import dev.tether.config.Secret;
import dev.tether.doppler.DopplerException;
import dev.tether.doppler.DopplerException.Code;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.InputStream;
import java.nio.file.LinkOption;
import java.util.Set;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The encrypted last-known-good copy of one Doppler config, in one file.
 *
 * <p>Layout: magic {@code TETHDPL1} | 16-byte salt | 12-byte IV | AES-256-GCM ciphertext and tag. The
 * key comes from {@link CacheKeys} (PBKDF2 of the token); magic and salt are authenticated as AAD. The
 * plaintext holds the fetch time, the ETag and the secrets. Files are created mode 0600 (directories
 * 0700) where the file system is POSIX, and replaced atomically (a temp file in the same directory, then
 * an atomic rename), so concurrent writers in one or several processes leave one complete file: the last
 * rename wins. Thread-safe.
 */
public final class LastKnownGoodCache {
    private static final byte[] MAGIC = "TETHDPL1".getBytes(StandardCharsets.US_ASCII);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Secret token;

    public LastKnownGoodCache(Path file, Secret token) {
        this.file = file.toAbsolutePath();
        this.token = token;
    }

    /** Where the copy lives. */
    public Path file() {
        return file;
    }

    /**
     * Reads and decrypts the copy.
     *
     * @return empty when there is no file
     * @throws DopplerException {@code DOPPLER_CACHE_TAMPERED} when the file is not an intact copy made with this token
     * @throws IOException      when the file exists but cannot be read
     */
    public Optional<CachedSecrets> read() throws IOException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw tampered("is larger than any copy tether writes", null);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        int header = MAGIC.length + CacheKeys.SALT_BYTES + IV_BYTES;
        if (bytes.length < header + TAG_BITS / 8 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw tampered("is not a tether Doppler cache file (wrong header or too short)", null);
        }
        byte[] salt = Arrays.copyOfRange(bytes, MAGIC.length, MAGIC.length + CacheKeys.SALT_BYTES);
        byte[] iv = Arrays.copyOfRange(bytes, MAGIC.length + CacheKeys.SALT_BYTES, header);
        byte[] plain;
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, CacheKeys.key(token, salt), iv, salt);
            plain = cipher.doFinal(bytes, header, bytes.length - header);
        } catch (AEADBadTagException e) {
            throw tampered("failed its integrity check (AES-GCM tag): it was modified, or written with another token", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is required of every JRE", e);
        }
        try {
            return Optional.of(decode(plain));
        } catch (IOException | RuntimeException e) {
            // Authentic but unreadable: only a different tether version could write that.
            throw tampered("has an unknown payload layout", e);
        }
    }

    /** Encrypts {@code copy} and atomically replaces the file with it. */
    public void write(CachedSecrets copy) throws IOException {
        byte[] salt = CacheKeys.writeSalt(token);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] sealed;
        try {
            sealed = cipher(Cipher.ENCRYPT_MODE, CacheKeys.key(token, salt), iv, salt).doFinal(encode(copy));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is required of every JRE", e);
        }
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + salt.length + iv.length + sealed.length)
                .put(MAGIC).put(salt).put(iv).put(sealed).flip();

        Path dir = file.getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        createPrivateDirectories(dir, posix);
        refuseUnsafeTarget(dir, posix);
        Path tmp = posix
                ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Never replaces a file that is not a tether cache (a mistyped or hostile {@code DOPPLER_CACHE_FILE}
     * naming {@code ~/.ssh/config} would otherwise be clobbered), nor writes into a directory others
     * may write to (they could swap the copy or plant links).
     */
    private void refuseUnsafeTarget(Path dir, boolean posix) throws IOException {
        if (posix) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new DopplerException(Code.DOPPLER_CACHE_UNSAFE, "the last-known-good copy's directory " + dir
                        + " is writable by other users; not writing the copy there",
                        "point DOPPLER_CACHE_FILE at a file in a directory only you can write to (chmod 700), or set DOPPLER_CACHE=false");
            }
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        boolean ours = false;
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                ours = Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
            }
        }
        if (!ours) {
            throw new DopplerException(Code.DOPPLER_CACHE_UNSAFE, "the last-known-good copy " + file
                    + " exists and is not a tether cache file (or is a link); it was left as it is",
                    "point DOPPLER_CACHE_FILE at a new file of its own, or set DOPPLER_CACHE=false");
        }
    }

    private static void createPrivateDirectories(Path dir, boolean posix) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (!posix) {
            Files.createDirectories(dir);
            return;
        }
        FileAttribute<?> owner = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        try {
            Files.createDirectories(dir, owner);
        } catch (FileAlreadyExistsException e) {
            // Another process made it between the check and here.
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] iv, byte[] salt) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(MAGIC);
        cipher.updateAAD(salt);
        return cipher;
    }

    private static byte[] encode(CachedSecrets copy) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(copy.fetchedAt().toEpochMilli());
            out.writeBoolean(copy.etag() != null);
            if (copy.etag() != null) {
                writeString(out, copy.etag());
            }
            out.writeInt(copy.secrets().size());
            for (Map.Entry<String, String> e : copy.secrets().entrySet()) {
                writeString(out, e.getKey());
                writeString(out, e.getValue());
            }
        }
        return bytes.toByteArray();
    }

    private static CachedSecrets decode(byte[] plain) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            Instant fetchedAt = Instant.ofEpochMilli(in.readLong());
            String etag = in.readBoolean() ? readString(in) : null;
            int count = in.readInt();
            if (count < 0 || count > plain.length) {
                throw new IOException("bad entry count");
            }
            Map<String, String> secrets = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                secrets.put(readString(in), readString(in));
            }
            if (in.read() != -1) {
                throw new IOException("trailing bytes");
            }
            return new CachedSecrets(secrets, etag, fetchedAt);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new EOFException("bad string length");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private DopplerException tampered(String what, Throwable cause) {
        return new DopplerException(Code.DOPPLER_CACHE_TAMPERED, "the last-known-good copy " + file + " " + what,
                "delete the file; the next successful fetch from Doppler writes a new one", java.util.List.of(), cause);
    }
}
