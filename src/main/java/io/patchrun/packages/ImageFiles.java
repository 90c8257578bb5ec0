package io.patchrun.packages;

import java.util.List;
import java.util.Map;

/** The engine port for reading files out of an image's file system without running anything of the image. */
public interface ImageFiles {

    /**
     * The regular files at the given absolute paths, each path a file or a folder (a folder's files are read, not its
     * subfolders), keyed by their absolute path as text. A path the image does not have is left out.
     *
     * @throws ImageGoneException when the engine has no image {@code imageId}
     * @throws ImageFilesException when the engine fails otherwise
     */
    Map<String, String> read(String imageId, List<String> paths);
}
