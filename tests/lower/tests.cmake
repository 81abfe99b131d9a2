# IR golden tests: one ctest per tests/lower/<lang>/*.txt corpus file.
# UPDATE_GOLDENS=1 ctest -R lower/ rewrites the expectations (review the diff).
add_executable(lower_golden ${CMAKE_CURRENT_LIST_DIR}/lower_golden.c)
target_compile_options(lower_golden PRIVATE ${TXLINT_WARNINGS})
target_link_libraries(lower_golden PRIVATE txl_frontend)
file(GLOB lower_goldens CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*/*.txt)
foreach(golden ${lower_goldens})
  get_filename_component(gname ${golden} NAME_WE)
  get_filename_component(gdir ${golden} DIRECTORY)
  get_filename_component(glang ${gdir} NAME)
  add_test(NAME lower/${glang}/${gname} COMMAND lower_golden ${golden} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
endforeach()
