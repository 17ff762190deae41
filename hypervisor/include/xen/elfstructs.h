/* The ELF file structures the domain builder reads, from the System V ABI
 * (gABI, "Object Files", chapters 4 and 5): ELF header, program header,
 * section header and note header, 32- and 64-bit, with the spec's field
 * names. Only what a loader of x86 executables needs. */
#ifndef XEN_ELFSTRUCTS_H
#define XEN_ELFSTRUCTS_H
#include <xen/types.h>

typedef uint32_t Elf32_Addr, Elf32_Off, Elf32_Word;
typedef uint16_t Elf32_Half;
typedef uint64_t Elf64_Addr, Elf64_Off, Elf64_Xword;
typedef uint32_t Elf64_Word;
typedef uint16_t Elf64_Half;

/* e_ident[] (gABI "ELF Identification") */
#define EI_NIDENT     16
#define EI_MAG0       0             /* 0x7f 'E' 'L' 'F' */
#define EI_CLASS      4
#define EI_DATA       5
#define EI_VERSION    6
#define ELFMAG        "\177ELF"
#define SELFMAG       4
#define ELFCLASS32    1
#define ELFCLASS64    2
#define ELFDATA2LSB   1             /* two's complement, little-endian */
#define EV_CURRENT    1

/* e_type, e_machine */
#define ET_EXEC       2
#define EM_386        3
#define EM_X86_64     62

/* p_type, p_flags */
#define PT_NULL       0
#define PT_LOAD       1
#define PT_NOTE       4
#define PF_X          0x1
#define PF_W          0x2
#define PF_R          0x4

/* sh_type */
#define SHT_NOTE      7

typedef struct {
    unsigned char e_ident[EI_NIDENT];
    Elf32_Half e_type, e_machine;
    Elf32_Word e_version;
    Elf32_Addr e_entry;
    Elf32_Off  e_phoff, e_shoff;
    Elf32_Word e_flags;
    Elf32_Half e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Elf32_Ehdr;

typedef struct {
    unsigned char e_ident[EI_NIDENT];
    Elf64_Half e_type, e_machine;
    Elf64_Word e_version;
    Elf64_Addr e_entry;
    Elf64_Off  e_phoff, e_shoff;
    Elf64_Word e_flags;
    Elf64_Half e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Elf64_Ehdr;

typedef struct {
    Elf32_Word p_type;
    Elf32_Off  p_offset;
    Elf32_Addr p_vaddr, p_paddr;
    Elf32_Word p_filesz, p_memsz, p_flags, p_align;
} Elf32_Phdr;

typedef struct {
    Elf64_Word  p_type, p_flags;
    Elf64_Off   p_offset;
    Elf64_Addr  p_vaddr, p_paddr;
    Elf64_Xword p_filesz, p_memsz, p_align;
} Elf64_Phdr;

typedef struct {
    Elf32_Word sh_name, sh_type, sh_flags;
    Elf32_Addr sh_addr;
    Elf32_Off  sh_offset;
    Elf32_Word sh_size, sh_link, sh_info, sh_addralign, sh_entsize;
} Elf32_Shdr;

typedef struct {
    Elf64_Word  sh_name, sh_type;
    Elf64_Xword sh_flags;
    Elf64_Addr  sh_addr;
    Elf64_Off   sh_offset;
    Elf64_Xword sh_size;
    Elf64_Word  sh_link, sh_info;
    Elf64_Xword sh_addralign, sh_entsize;
} Elf64_Shdr;

/* A note entry: this header, the name and the descriptor, each padded to
 * the note section's alignment. x86 uses 4-byte words in both classes. */
typedef struct {
    Elf32_Word n_namesz, n_descsz, n_type;
} Elf32_Nhdr;
typedef Elf32_Nhdr Elf64_Nhdr;

_Static_assert(sizeof(Elf32_Ehdr) == 52 && sizeof(Elf64_Ehdr) == 64, "gABI ELF header");
_Static_assert(sizeof(Elf32_Phdr) == 32 && sizeof(Elf64_Phdr) == 56, "gABI program header");
_Static_assert(sizeof(Elf32_Shdr) == 40 && sizeof(Elf64_Shdr) == 64, "gABI section header");

#endif
