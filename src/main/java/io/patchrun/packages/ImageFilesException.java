package io.patchrun.packages;

/** Reading files out of an image failed for another reason than the image being gone; the message says why. */
public class ImageFilesException extends RuntimeException {

    public ImageFilesException(String message, Throwable cause) {
        super(message, cause);
    }
}
