package io.somining.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * The services' database passwords, generated on first start and kept in a file only its owner can
 * read, beside the data they protect (so {@code --fresh} renews both).
 */
final class Credentials {

    private final Properties passwords;

    private Credentials(Properties passwords) {
        this.passwords = passwords;
    }

    static Credentials loadOrCreate(Path file, List<String> users) {
        try {
            Properties passwords = new Properties();
            if (Files.exists(file)) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    passwords.load(reader);
                }
            }
            boolean changed = false;
            SecureRandom random = new SecureRandom();
            for (String user : users) {
                if (!passwords.containsKey(user)) {
                    byte[] bytes = new byte[18];
                    random.nextBytes(bytes);
                    passwords.setProperty(user, HexFormat.of().formatHex(bytes));
                    changed = true;
                }
            }
            if (changed) {
                Files.createDirectories(file.getParent());
                if (!Files.exists(file)) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                }
                try (Writer writer = Files.newBufferedWriter(file)) {
                    passwords.store(writer, "database passwords of the local stack's services (generated)");
                }
            }
            return new Credentials(passwords);
        } catch (IOException e) {
            throw new StackException("cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }

    String password(String user) {
        return passwords.getProperty(user);
    }
}
