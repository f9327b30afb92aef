package dev.scylla.docker;

import dev.scylla.docker.internal.FileDigests;
import dev.scylla.docker.internal.ImageBuildLock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Scylla runner image: built from a Dockerfile, an entrypoint, the Scylla jar and an optional
 * extra CA bundle, all given as values, and tagged with a hash of all of them and the build
 * arguments. {@link #ensure} builds it only when no image carries the current hash.
 *
 * <p>Longer than most classes on purpose: the hash, the tags, the labels that find the image again,
 * the build lock and the tagged stage cache are one image identity, and each of them must change
 * with the others; split, a change to one would have to be repeated in the others. Its builder is a
 * third of it.
 */
public final class RunnerImage {

  private static final Logger log = LoggerFactory.getLogger(RunnerImage.class);

  /** The image repository by default. */
  public static final String DEFAULT_REPOSITORY = "scylla-runner";

  /**
   * Where the build stages' images are kept, tagged {@code <stage>-<hash of the build arguments>}:
   * they are the layer cache of the next build, and tagged they are not dangling.
   */
  public static final String CACHE_REPOSITORY = "scylla-build-cache";

  /** Build argument: the base image. */
  public static final String ARG_BASE_IMAGE = "BASE_IMAGE";

  /** Build argument: the base of the build stages (by default the base image). */
  public static final String ARG_BUILD_BASE_IMAGE = "BUILD_BASE_IMAGE";

  /** Build argument: the Claude Code npm version. */
  public static final String ARG_CLAUDE_VERSION = "CLAUDE_VERSION";

  /** Build argument: the container user's UID. */
  public static final String ARG_USER_UID = "USER_UID";

  /** Build argument: the container user's GID. */
  public static final String ARG_USER_GID = "USER_GID";

  /** Name of the Dockerfile in the build context. */
  public static final String CONTEXT_DOCKERFILE = "Dockerfile";

  /** Name of the entrypoint script in the build context. */
  public static final String CONTEXT_ENTRYPOINT = "entrypoint.sh";

  /** Name of the Scylla jar in the build context. */
  public static final String CONTEXT_JAR = "scylla.jar";

  /** Name of the extra CA bundle in the build context (empty when there is none). */
  public static final String CONTEXT_CA_BUNDLE = "extra-ca.pem";

  // 2: the jar enters as its own SHA-256, which FileDigests remembers between processes.
  private static final String HASH_FORMAT = "scylla-runner-image/2";

  private final byte[] dockerfile;
  private final byte[] entrypoint;
  private final Path jar;
  private final Path caBundle;
  private final Map<String, String> buildArgs;
  private final String repository;
  private final String scyllaVersion;
  private final Path lockDir;
  private volatile String hash;

  private RunnerImage(Builder b) {
    this.dockerfile = Objects.requireNonNull(b.dockerfile, "dockerfile").clone();
    this.entrypoint = Objects.requireNonNull(b.entrypoint, "entrypoint").clone();
    this.jar = Objects.requireNonNull(b.jar, "jar");
    this.caBundle = b.caBundle;
    UserIds user = b.user != null ? b.user : UserIds.current();
    Map<String, String> args = new TreeMap<>(b.extraArgs);
    args.put(ARG_BASE_IMAGE, Objects.requireNonNull(b.baseImage, "baseImage"));
    args.put(ARG_CLAUDE_VERSION, Objects.requireNonNull(b.claudeVersion, "claudeVersion"));
    args.put(ARG_USER_UID, Integer.toString(user.uid()));
    args.put(ARG_USER_GID, Integer.toString(user.gid()));
    this.buildArgs = java.util.Collections.unmodifiableMap(args);
    this.repository = b.repository;
    this.scyllaVersion = b.scyllaVersion;
    this.lockDir = b.lockDir != null ? b.lockDir : defaultLockDir();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("jar must be an existing file, was " + jar);
    }
    if (caBundle != null && !Files.isRegularFile(caBundle)) {
      throw new DockerException(
          DockerException.Kind.INPUT,
          DockerException.CA_BUNDLE,
          "the CA bundle "
              + caBundle
              + " is not a file: give the PEM file of the CAs a build trusts",
          null);
    }
  }

  /**
   * A builder; the Dockerfile, entrypoint, jar, base image and Claude Code version are required.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The build arguments, sorted by name. */
  public Map<String, String> buildArgs() {
    return buildArgs;
  }

  /** The image repository, e.g. {@code scylla-runner}. */
  public String repository() {
    return repository;
  }

  /** The container user the image is built for. */
  public UserIds user() {
    return new UserIds(
        Integer.parseInt(buildArgs.get(ARG_USER_UID)),
        Integer.parseInt(buildArgs.get(ARG_USER_GID)));
  }

  /**
   * SHA-256, in hex, over the Dockerfile, entrypoint, jar, CA bundle and sorted build arguments:
   * any change to any of them gives another hash.
   */
  public String contentHash() {
    String h = hash;
    if (h == null) {
      h = computeHash();
      hash = h;
    }
    return h;
  }

  /** The versioned tag: {@code <repository>:<version>-<first 12 hex digits of the hash>}. */
  public String tag() {
    return repository + ":" + scyllaVersion + "-" + contentHash().substring(0, 12);
  }

  /**
   * The {@code latest} tag of this image's user: {@code <repository>:latest-uid<UID>}. Each UID has
   * an image of its own (the user is built in), so one {@code latest} for all would name another
   * user's image half of the time; this tag follows the last image this UID built or found current.
   */
  public String latestTag() {
    return repository + ":latest-uid" + buildArgs.get(ARG_USER_UID);
  }

  /**
   * Returns the image for the current setup, building it when no image carries the current hash.
   * Two processes ensuring the same repository at once build it once: the second waits for the
   * first and then finds its image.
   *
   * @throws ImageBuildException when the build fails
   */
  public ImageRef ensure(ContainerRuntime runtime, BuildListener listener) {
    Optional<ImageRef> found = findCurrent(runtime);
    if (found.isPresent()) {
      return found.get();
    }
    try (ImageBuildLock lock = ImageBuildLock.acquire(lockFile(), listener::onLine)) {
      // Another process may have built it while this one waited.
      found = findCurrent(runtime);
      if (found.isPresent()) {
        return found.get();
      }
      return new ImageRef(tag(), buildUnlocked(runtime, listener, false), contentHash(), true);
    }
  }

  /** Builds the image even when a current one exists (the layer cache still applies). */
  public ImageRef rebuild(ContainerRuntime runtime, BuildListener listener) {
    return rebuild(runtime, listener, false);
  }

  /**
   * Builds the image even when a current one exists; with {@code noCache} every step runs again
   * (new Debian packages and a fresh Claude Code download), which takes minutes.
   */
  public ImageRef rebuild(ContainerRuntime runtime, BuildListener listener, boolean noCache) {
    try (ImageBuildLock lock = ImageBuildLock.acquire(lockFile(), listener::onLine)) {
      return new ImageRef(tag(), buildUnlocked(runtime, listener, noCache), contentHash(), true);
    }
  }

  /**
   * Where the image stands: present and current, and which older images of it exist for the same
   * user (other users' images on the same engine are theirs).
   */
  public ImageStatus status(ContainerRuntime runtime) {
    Optional<ImageInfo> current = runtime.findImages(currentLabels()).stream().findFirst();
    List<ImageInfo> stale = new ArrayList<>();
    for (ImageInfo image : runtime.findImages(userLabels())) {
      if (current.isEmpty() || !current.get().id().equals(image.id())) {
        stale.add(image);
      }
    }
    return new ImageStatus(tag(), contentHash(), current, stale);
  }

  /**
   * Removes every image of this repository that Scylla built for this image's user, current or not;
   * returns how many. Other users' images are left alone.
   *
   * @throws DockerException when a container still uses one of them
   */
  public int remove(ContainerRuntime runtime) {
    int removed = 0;
    for (ImageInfo image : runtime.findImages(userLabels())) {
      if (runtime.removeImage(image.id(), true)) {
        removed++;
      }
    }
    return removed;
  }

  /**
   * Removes this user's stale images of this repository (older jars, versions or arguments),
   * keeping the current one; returns how many. An image a container still uses is skipped.
   */
  public int removeStale(ContainerRuntime runtime) {
    int removed = 0;
    for (ImageInfo image : status(runtime).stale()) {
      try {
        if (runtime.removeImage(image.id(), false)) {
          removed++;
        }
      } catch (DockerException e) {
        log.warn("stale runner image {} kept: {}", image.tags(), e.getMessage());
      }
    }
    return removed;
  }

  private Optional<ImageRef> findCurrent(ContainerRuntime runtime) {
    // The usual case first: the tag is on the current image, one inspect instead of a search of
    // every image by label.
    Map<String, String> current = currentLabels();
    Optional<ImageInfo> tagged =
        runtime
            .inspectImage(tag())
            .filter(i -> i.labels().entrySet().containsAll(current.entrySet()));
    List<ImageInfo> images =
        tagged.isPresent() ? List.of(tagged.get()) : runtime.findImages(current);
    if (images.isEmpty()) {
      return Optional.empty();
    }
    ImageInfo image = images.get(0);
    // The tags may have moved (another jar was used since): put them back on this image.
    if (!image.tags().contains(tag())) {
      runtime.tagImage(image.id(), tag());
    }
    if (!image.tags().contains(latestTag())) {
      runtime.tagImage(image.id(), latestTag());
    }
    return Optional.of(new ImageRef(tag(), image.id(), contentHash(), false));
  }

  private String buildUnlocked(ContainerRuntime runtime, BuildListener listener, boolean noCache) {
    Path context;
    try {
      context = Files.createTempDirectory("scylla-image-context-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary build context", e);
    }
    try {
      writeContext(context);
      Map<String, String> labels =
          new LinkedHashMap<>(ScyllaLabels.managed(ScyllaLabels.Kind.IMAGE));
      labels.put(ScyllaLabels.IMAGE_HASH, contentHash());
      labels.put(ScyllaLabels.IMAGE_REPOSITORY, repository);
      labels.put(ScyllaLabels.VERSION, scyllaVersion);
      labels.put(ScyllaLabels.IMAGE_UID, buildArgs.get(ARG_USER_UID));
      log.info("building runner image {} (base {})", tag(), buildArgs.get(ARG_BASE_IMAGE));
      Optional<String> replaced = runtime.inspectImage(tag()).map(ImageInfo::id);
      Map<String, String> stages = new LinkedHashMap<>();
      BuildListener collecting =
          new BuildListener() {
            @Override
            public void onLine(String line) {
              listener.onLine(line);
            }

            @Override
            public void onStep(int step, int totalSteps, String instruction) {
              listener.onStep(step, totalSteps, instruction);
            }

            @Override
            public void onStageImage(String stage, String imageId) {
              stages.put(stage, imageId);
              listener.onStageImage(stage, imageId);
            }
          };
      String id =
          runtime.build(
              new BuildRequest(
                  context,
                  CONTEXT_DOCKERFILE,
                  Set.of(tag(), latestTag()),
                  buildArgs,
                  labels,
                  noCache),
              collecting);
      keepStageImages(runtime, stages);
      // A rebuild moves the tag: the image it named is garbage unless something else names it.
      replaced.filter(old -> !old.equals(id)).ifPresent(old -> removeIfUntagged(runtime, old));
      return id;
    } finally {
      deleteTree(context);
    }
  }

  /**
   * Tags the build stages' images in {@link #CACHE_REPOSITORY}, so that they are a visible,
   * removable cache instead of dangling images; an image the tag named before is removed when
   * nothing else names it.
   */
  private void keepStageImages(ContainerRuntime runtime, Map<String, String> stages) {
    String args = stageArgumentsHash();
    for (Map.Entry<String, String> stage : stages.entrySet()) {
      String cacheTag =
          CACHE_REPOSITORY + ":" + stage.getKey().replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + args;
      try {
        Optional<ImageInfo> image = runtime.inspectImage(stage.getValue());
        if (image.isEmpty() || !image.get().tags().isEmpty() && !isCacheOnly(image.get())) {
          continue; // not a stage's own image (a base image, say): leave it as it is
        }
        Optional<String> before = runtime.inspectImage(cacheTag).map(ImageInfo::id);
        runtime.tagImage(image.get().id(), cacheTag);
        before
            .filter(old -> !old.equals(image.get().id()))
            .ifPresent(old -> removeIfUntagged(runtime, old));
      } catch (DockerException e) {
        log.warn("cannot keep build stage {} as {}: {}", stage.getKey(), cacheTag, e.getMessage());
      }
    }
  }

  private static boolean isCacheOnly(ImageInfo image) {
    return image.tags().stream().allMatch(t -> t.startsWith(CACHE_REPOSITORY + ":"));
  }

  private static void removeIfUntagged(ContainerRuntime runtime, String imageId) {
    try {
      Optional<ImageInfo> image = runtime.inspectImage(imageId);
      if (image.isPresent() && image.get().tags().isEmpty()) {
        runtime.removeImage(imageId, false);
      }
    } catch (DockerException e) {
      // Still the parent of another image, or used by a container: it is not garbage.
      log.debug("image {} kept: {}", imageId, e.getMessage());
    }
  }

  /**
   * 12 hex digits over what the build stages see: their base ({@code BUILD_BASE_IMAGE}, else the
   * base image), the other build arguments (not the user's ids) and the CA bundle.
   */
  private String stageArgumentsHash() {
    MessageDigest digest = sha256();
    String stageBase = buildArgs.getOrDefault(ARG_BUILD_BASE_IMAGE, buildArgs.get(ARG_BASE_IMAGE));
    update(digest, (ARG_BUILD_BASE_IMAGE + "=" + stageBase).getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, String> arg : buildArgs.entrySet()) {
      if (!Set.of(ARG_USER_UID, ARG_USER_GID, ARG_BASE_IMAGE, ARG_BUILD_BASE_IMAGE)
          .contains(arg.getKey())) {
        update(digest, (arg.getKey() + "=" + arg.getValue()).getBytes(StandardCharsets.UTF_8));
      }
    }
    // The claude stage copies the CA bundle: another bundle is another stage image.
    try {
      if (caBundle != null) {
        updateWithFile(digest, caBundle);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + caBundle + " to name the build cache", e);
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
  }

  private void writeContext(Path context) {
    try {
      Files.write(context.resolve(CONTEXT_DOCKERFILE), dockerfile);
      Path script = Files.write(context.resolve(CONTEXT_ENTRYPOINT), entrypoint);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.copy(jar, context.resolve(CONTEXT_JAR));
      if (caBundle != null) {
        Files.copy(caBundle, context.resolve(CONTEXT_CA_BUNDLE));
      } else {
        Files.write(context.resolve(CONTEXT_CA_BUNDLE), new byte[0]);
      }
      // COPY keeps these modes: the image's non-root user must be able to read both files.
      for (String file : List.of(CONTEXT_DOCKERFILE, CONTEXT_JAR, CONTEXT_CA_BUNDLE)) {
        Files.setPosixFilePermissions(
            context.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the image build context in " + context, e);
    }
  }

  private Map<String, String> currentLabels() {
    Map<String, String> labels = new HashMap<>(repositoryLabels());
    labels.put(ScyllaLabels.IMAGE_HASH, contentHash());
    return labels;
  }

  private Map<String, String> repositoryLabels() {
    return Map.of(
        ScyllaLabels.MANAGED_BY,
        ScyllaLabels.MANAGED_BY_VALUE,
        ScyllaLabels.IMAGE_REPOSITORY,
        repository);
  }

  /** This repository's images built for this image's user. */
  private Map<String, String> userLabels() {
    Map<String, String> labels = new HashMap<>(repositoryLabels());
    labels.put(ScyllaLabels.IMAGE_UID, buildArgs.get(ARG_USER_UID));
    return labels;
  }

  /**
   * The jar's digest is remembered beside the build lock: a 40 MB jar is read once, not per run.
   */
  private FileDigests jarDigests() {
    return new FileDigests(lockDir.resolve("digests"));
  }

  private Path lockFile() {
    return lockDir.resolve("image-" + repository.replaceAll("[^A-Za-z0-9_.-]", "_") + ".lock");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  private String computeHash() {
    MessageDigest digest = sha256();
    update(digest, HASH_FORMAT.getBytes(StandardCharsets.UTF_8));
    update(digest, dockerfile);
    update(digest, entrypoint);
    try {
      update(digest, jarDigests().sha256(jar).getBytes(StandardCharsets.US_ASCII));
      if (caBundle != null) {
        updateWithFile(digest, caBundle);
      } else {
        update(digest, new byte[0]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + e.getMessage() + " to hash the runner image", e);
    }
    for (Map.Entry<String, String> arg : buildArgs.entrySet()) {
      update(digest, (arg.getKey() + "=" + arg.getValue()).getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  // Each part is prefixed by its length, so that moving bytes from one part to the next changes
  // the hash.
  private static void update(MessageDigest digest, byte[] bytes) {
    digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    digest.update(bytes);
  }

  private static void updateWithFile(MessageDigest digest, Path file) throws IOException {
    digest.update((Files.size(file) + ":").getBytes(StandardCharsets.US_ASCII));
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
  }

  private static Path defaultLockDir() {
    String cache = System.getenv("XDG_CACHE_HOME");
    // $HOME before user.home: the JVM takes user.home from the password database, which can
    // disagree with the HOME the user runs with (and name a folder that does not exist).
    String home = System.getenv("HOME");
    Path base =
        cache != null && !cache.isBlank()
            ? Path.of(cache)
            : Path.of(
                home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".cache");
    return base.resolve("scylla");
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.warn("cannot delete the temporary build context {}: {}", root, e.toString());
    }
  }

  /** Builds a {@link RunnerImage}. */
  public static final class Builder {
    private byte[] dockerfile;
    private byte[] entrypoint;
    private Path jar;
    private Path caBundle;
    private String baseImage;
    private String claudeVersion;
    private UserIds user;
    private String repository = DEFAULT_REPOSITORY;
    private String scyllaVersion = "dev";
    private Path lockDir;
    private final Map<String, String> extraArgs = new TreeMap<>();

    private Builder() {}

    /** The Dockerfile's bytes. */
    public Builder dockerfile(byte[] dockerfile) {
      this.dockerfile = dockerfile.clone();
      return this;
    }

    /** The entrypoint script's bytes. */
    public Builder entrypoint(byte[] entrypoint) {
      this.entrypoint = entrypoint.clone();
      return this;
    }

    /** Reads {@code Dockerfile} and {@code entrypoint.sh} from {@code dir} (e.g. docker/). */
    public Builder contextFrom(Path dir) {
      try {
        this.dockerfile = Files.readAllBytes(dir.resolve(CONTEXT_DOCKERFILE));
        this.entrypoint = Files.readAllBytes(dir.resolve(CONTEXT_ENTRYPOINT));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the runner image context in " + dir, e);
      }
      return this;
    }

    /** The Scylla jar to put in the image. */
    public Builder jar(Path jar) {
      this.jar = jar;
      return this;
    }

    /** An extra PEM bundle the image trusts (build and run time); null for none. */
    public Builder caBundle(Path caBundle) {
      this.caBundle = caBundle;
      return this;
    }

    /** The base image (required; the caller that owns the Dockerfile knows its default). */
    public Builder baseImage(String baseImage) {
      this.baseImage = requireText(baseImage, "baseImage");
      return this;
    }

    /** The Claude Code version to install (required). */
    public Builder claudeVersion(String claudeVersion) {
      this.claudeVersion = requireText(claudeVersion, "claudeVersion");
      return this;
    }

    /**
     * The container user's ids; by default this process's, root included, so that files written
     * through bind mounts belong to the host user and its private folders can be entered.
     */
    public Builder user(UserIds user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /** The image repository (default {@value RunnerImage#DEFAULT_REPOSITORY}). */
    public Builder repository(String repository) {
      if (repository == null || !repository.matches("[a-z0-9]+(?:[._/-][a-z0-9]+)*")) {
        throw new DockerException(
            DockerException.Kind.INPUT,
            null,
            "the image repository must be a lower-case image name like scylla-runner, was '"
                + repository
                + "'",
            null);
      }
      this.repository = repository;
      return this;
    }

    /** The Scylla version, the first part of the tag. */
    public Builder scyllaVersion(String scyllaVersion) {
      String v = requireText(scyllaVersion, "scyllaVersion").replaceAll("[^A-Za-z0-9_.-]", "-");
      this.scyllaVersion = v.length() > 100 ? v.substring(0, 100) : v;
      return this;
    }

    /** Another build argument (part of the hash), e.g. {@code JAVA_MODULES}. */
    public Builder buildArg(String name, String value) {
      this.extraArgs.put(
          requireText(name, "build argument name"), Objects.requireNonNull(value, name));
      return this;
    }

    /** Where the cross-process build lock lives (default {@code ~/.cache/scylla}). */
    public Builder lockDir(Path lockDir) {
      this.lockDir = lockDir;
      return this;
    }

    /** The image; checks the jar and CA bundle exist. */
    public RunnerImage build() {
      return new RunnerImage(this);
    }

    private static String requireText(String value, String field) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(field + " must not be blank, was '" + value + "'");
      }
      return value;
    }
  }
}
