# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit cmake

# llama.cpp tags its releases bNNNN; a Portage version must start with a digit, so release
# bNNNN is packaged as 0_pNNNN. A pinned release (rather than a live ebuild) lets binary
# packages and gp's build cache be reused until the version changes.
RELEASE="b${PV#0_p}"

DESCRIPTION="LLM inference in C/C++, with the Vulkan backend and the server's web UI"
HOMEPAGE="https://github.com/ggml-org/llama.cpp"
SRC_URI="
	https://github.com/ggml-org/llama.cpp/archive/refs/tags/${RELEASE}.tar.gz -> llama.cpp-${RELEASE}.tar.gz
	https://github.com/ggml-org/llama.cpp/releases/download/${RELEASE}/llama-${RELEASE}-ui.tar.gz
"
S="${WORKDIR}/llama.cpp-${RELEASE}"

LICENSE="MIT"
SLOT="0"
KEYWORDS="amd64"
# With backends loaded at run time, a machine without a Vulkan driver falls back to the CPU.
IUSE="+vulkan"

# The shader compilers run at build time only; the loader is all that is needed at run time.
BDEPEND="
	vulkan? (
		dev-util/glslang
		dev-util/spirv-headers
		dev-util/spirv-tools
		media-libs/shaderc
	)
"
DEPEND="
	vulkan? (
		dev-util/vulkan-headers
		media-libs/vulkan-loader
	)
"
RDEPEND="vulkan? ( media-libs/vulkan-loader )"

src_prepare() {
	cmake_src_prepare
	# The release ships the server's web UI prebuilt; placed here, the build embeds it
	# without running npm (which the network sandbox would block).
	mkdir -p tools/ui/dist || die
	cp "${WORKDIR}/llama-${RELEASE}"/{bundle.css,bundle.js,index.html,loading.html} tools/ui/dist/ || die
}

src_configure() {
	local mycmakeargs=(
		-DCMAKE_BUILD_TYPE=Release
		-DGGML_VULKAN=$(usex vulkan)
		# Portable: CPU variants for every x86-64 level, chosen at run time.
		-DGGML_NATIVE=OFF
		-DGGML_BACKEND_DL=ON
		-DGGML_CPU_ALL_VARIANTS=ON
		-DLLAMA_BUILD_TESTS=OFF
		-DLLAMA_BUILD_EXAMPLES=ON
		-DLLAMA_BUILD_SERVER=ON
		-DLLAMA_BUILD_UI=ON
		-DLLAMA_USE_PREBUILT_UI=OFF
		# The bundled ggml is private to llama.cpp: install none of its headers.
		-DGGML_INSTALL=OFF
	)
	cmake_src_configure
}

src_install() {
	cmake_src_install
	# Some releases install ggml headers and CMake files despite GGML_INSTALL=OFF.
	rm -rf "${ED}"/usr/include/ggml* "${ED}"/usr/include/gguf.h "${ED}"/usr/lib*/cmake/ggml || die
}
