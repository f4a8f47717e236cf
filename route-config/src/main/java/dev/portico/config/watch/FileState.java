package dev.portico.config.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a poll compares to see whether a file changed: its real path (a Kubernetes volume swaps a
 * symlink), size and modification time.
 */
record FileState(Path realPath, long size, long modifiedMillis) {

  /** The file's state, or null when it is missing or unreadable. */
  static FileState of(Path file) {
    try {
      Path real = file.toRealPath();
      return new FileState(real, Files.size(real), Files.getLastModifiedTime(real).toMillis());
    } catch (IOException e) {
      return null;
    }
  }

  /** The states of {@code files}, in order (null entries for missing ones). */
  static List<FileState> of(List<Path> files) {
    List<FileState> states = new ArrayList<>(files.size());
    files.forEach(file -> states.add(of(file)));
    return states;
  }
}
